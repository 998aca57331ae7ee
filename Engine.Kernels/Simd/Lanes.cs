using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ClusterGcn.Engine.Kernels.Simd;

/// <summary>One SIMD register of floats, whatever its width: kernels are written once, generic over this, and the JIT
/// compiles a separate copy per width in which every call below is a single instruction.</summary>
internal unsafe interface ILanes<TSelf> where TSelf : struct, ILanes<TSelf>
{
    static abstract int Count { get; }
    static abstract TSelf Zero { get; }
    static abstract TSelf Broadcast(float value);
    static abstract TSelf Load(float* source);
    static abstract void Store(float* destination, TSelf value);
    static abstract TSelf operator +(TSelf a, TSelf b);
    static abstract TSelf operator -(TSelf a, TSelf b);
    static abstract TSelf operator *(TSelf a, TSelf b);
    static abstract TSelf operator /(TSelf a, TSelf b);

    /// <summary>a·b + c with one rounding.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);
    static abstract TSelf Max(TSelf a, TSelf b);
    static abstract TSelf Sqrt(TSelf a);

    /// <summary>value where sign &gt; 0, else 0 (NaN signs give 0).</summary>
    static abstract TSelf WherePositive(TSelf sign, TSelf value);

    /// <summary>Sum of the lanes, in a fixed order.</summary>
    static abstract float Sum(TSelf a);
}

/// <summary>AVX-512: 16 floats.</summary>
internal readonly unsafe struct Lanes512(Vector512<float> v) : ILanes<Lanes512>
{
    private readonly Vector512<float> v = v;
    public static int Count => Vector512<float>.Count;
    public static Lanes512 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Broadcast(float value) => new(Vector512.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Load(float* source) => new(Vector512.Load(source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* destination, Lanes512 value) => value.v.Store(destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 operator +(Lanes512 a, Lanes512 b) => new(a.v + b.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 operator -(Lanes512 a, Lanes512 b) => new(a.v - b.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 operator *(Lanes512 a, Lanes512 b) => new(a.v * b.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 operator /(Lanes512 a, Lanes512 b) => new(a.v / b.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 MultiplyAdd(Lanes512 a, Lanes512 b, Lanes512 c) => new(Vector512.FusedMultiplyAdd(a.v, b.v, c.v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Max(Lanes512 a, Lanes512 b) => new(Vector512.Max(a.v, b.v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Sqrt(Lanes512 a) => new(Vector512.Sqrt(a.v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 WherePositive(Lanes512 sign, Lanes512 value) => new(Vector512.ConditionalSelect(Vector512.GreaterThan(sign.v, Vector512<float>.Zero), value.v, Vector512<float>.Zero));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Lanes512 a) => Lanes256.Sum(new(a.v.GetLower() + a.v.GetUpper()));
}

/// <summary>AVX2: 8 floats.</summary>
internal readonly unsafe struct Lanes256(Vector256<float> v) : ILanes<Lanes256>
{
    private readonly Vector256<float> v = v;
    public static int Count => Vector256<float>.Count;
    public static Lanes256 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Broadcast(float value) => new(Vector256.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Load(float* source) => new(Vector256.Load(source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* destination, Lanes256 value) => value.v.Store(destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 operator +(Lanes256 a, Lanes256 b) => new(a.v + b.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 operator -(Lanes256 a, Lanes256 b) => new(a.v - b.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 operator *(Lanes256 a, Lanes256 b) => new(a.v * b.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 operator /(Lanes256 a, Lanes256 b) => new(a.v / b.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 MultiplyAdd(Lanes256 a, Lanes256 b, Lanes256 c) => new(Vector256.FusedMultiplyAdd(a.v, b.v, c.v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Max(Lanes256 a, Lanes256 b) => new(Vector256.Max(a.v, b.v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Sqrt(Lanes256 a) => new(Vector256.Sqrt(a.v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 WherePositive(Lanes256 sign, Lanes256 value) => new(Vector256.ConditionalSelect(Vector256.GreaterThan(sign.v, Vector256<float>.Zero), value.v, Vector256<float>.Zero));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Lanes256 a) => Lanes128.Sum(new(a.v.GetLower() + a.v.GetUpper()));
}

/// <summary>SSE/NEON: 4 floats; on hardware with no SIMD at all the runtime emulates it, still correct.</summary>
internal readonly unsafe struct Lanes128(Vector128<float> v) : ILanes<Lanes128>
{
    private readonly Vector128<float> v = v;
    public static int Count => Vector128<float>.Count;
    public static Lanes128 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Broadcast(float value) => new(Vector128.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Load(float* source) => new(Vector128.Load(source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* destination, Lanes128 value) => value.v.Store(destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 operator +(Lanes128 a, Lanes128 b) => new(a.v + b.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 operator -(Lanes128 a, Lanes128 b) => new(a.v - b.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 operator *(Lanes128 a, Lanes128 b) => new(a.v * b.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 operator /(Lanes128 a, Lanes128 b) => new(a.v / b.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 MultiplyAdd(Lanes128 a, Lanes128 b, Lanes128 c) => new(Vector128.FusedMultiplyAdd(a.v, b.v, c.v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Max(Lanes128 a, Lanes128 b) => new(Vector128.Max(a.v, b.v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Sqrt(Lanes128 a) => new(Vector128.Sqrt(a.v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 WherePositive(Lanes128 sign, Lanes128 value) => new(Vector128.ConditionalSelect(Vector128.GreaterThan(sign.v, Vector128<float>.Zero), value.v, Vector128<float>.Zero));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Lanes128 a) => (a.v.GetElement(0) + a.v.GetElement(1)) + (a.v.GetElement(2) + a.v.GetElement(3));
}

/// <summary>One float: runs the same generic kernel body over the elements left after the last full vector.</summary>
internal readonly unsafe struct Lanes1(float v) : ILanes<Lanes1>
{
    private readonly float v = v;
    public static int Count => 1;
    public static Lanes1 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Broadcast(float value) => new(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Load(float* source) => new(*source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* destination, Lanes1 value) => *destination = value.v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 operator +(Lanes1 a, Lanes1 b) => new(a.v + b.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 operator -(Lanes1 a, Lanes1 b) => new(a.v - b.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 operator *(Lanes1 a, Lanes1 b) => new(a.v * b.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 operator /(Lanes1 a, Lanes1 b) => new(a.v / b.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 MultiplyAdd(Lanes1 a, Lanes1 b, Lanes1 c) => new(MathF.FusedMultiplyAdd(a.v, b.v, c.v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Max(Lanes1 a, Lanes1 b) => new(MathF.Max(a.v, b.v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Sqrt(Lanes1 a) => new(MathF.Sqrt(a.v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 WherePositive(Lanes1 sign, Lanes1 value) => new(sign.v > 0f ? value.v : 0f);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Lanes1 a) => a.v;
}
