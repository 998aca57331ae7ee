using System.Buffers.Binary;
using System.Text;
using ClusterGcn.Engine.Partitioning.IO;

namespace ClusterGcn.Engine.Tests.Partitioning.IO;

public sealed class NpyReaderTests
{
    private string dir = "";

    [SetUp]
    public void CreateDirectory() => dir = Directory.CreateTempSubdirectory("npy-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(dir, recursive: true);

    /// <summary>A .npy file with a hand-written header dict, of format <paramref name="major"/>.0.</summary>
    private string Npy(string dict, byte[] data, int major = 1, string name = "a.npy")
    {
        byte[] text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(dict + "\n");
        int lengthBytes = major == 1 ? 2 : 4;
        var bytes = new List<byte>(NpyWriter.Magic.ToArray()) { (byte)major, 0 };
        var length = new byte[lengthBytes];
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)text.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)text.Length);
        bytes.AddRange(length);
        bytes.AddRange(text);
        bytes.AddRange(data);
        string path = Path.Combine(dir, name);
        File.WriteAllBytes(path, [.. bytes]);
        return path;
    }

    private static string Dict(string descr, string shape, bool fortran = false) =>
        $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";

    private static byte[] Bytes<T>(T[] values, bool bigEndian) where T : unmanaged
    {
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        int size = bytes.Length / Math.Max(1, values.Length);
        if (bigEndian)
            for (int i = 0; i < bytes.Length; i += size) Array.Reverse(bytes, i, size);
        return bytes;
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Reads_every_header_version(int major)
    {
        string path = Npy(Dict("<i4", "(3,)"), Bytes(new[] { 7, -1, 9 }, false), major);
        var header = NpyReader.ReadHeader(path);
        Assert.That(header.Shape, Is.EqualTo(new long[] { 3 }));
        Assert.That(header.Type, Is.EqualTo(NpyType.Int32));
        Assert.That(NpyReader.ReadArray<int>(path), Is.EqualTo(new[] { 7, -1, 9 }));
    }

    [Test]
    public void Reads_what_NpyWriter_writes_and_only_that_is_in_place()
    {
        string path = Path.Combine(dir, "w.npy");
        using (var stream = File.Create(path)) NpyWriter.Write<float>(stream, [1.5f, 2, 3, 4, 5, 6], 2, 3);
        var header = NpyReader.ReadHeader(path);
        Assert.That(header.Shape, Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(header.IsInPlace<float>(), Is.True);
        Assert.That(header.IsInPlace<double>(), Is.False);
        Assert.That(header.DataOffset % 64, Is.Zero);
        Assert.That(NpyReader.ReadArray<double>(path), Is.EqualTo(new[] { 1.5, 2, 3, 4, 5, 6 }));
    }

    public static IEnumerable<TestCaseData> Dtypes()
    {
        yield return new TestCaseData("|b1", Bytes(new byte[] { 1, 0, 1 }, false)).SetName("Bool");
        yield return new TestCaseData("|u1", Bytes(new byte[] { 1, 0, 1 }, false)).SetName("UInt8");
        foreach (bool big in new[] { false, true })
        {
            string e = big ? ">" : "<";
            yield return new TestCaseData(e + "i4", Bytes(new[] { 1, 0, 1 }, big)).SetName($"Int32(big endian: {big})");
            yield return new TestCaseData(e + "i8", Bytes(new[] { 1L, 0, 1 }, big)).SetName($"Int64(big endian: {big})");
            yield return new TestCaseData(e + "f4", Bytes(new[] { 1f, 0, 1 }, big)).SetName($"Float32(big endian: {big})");
            yield return new TestCaseData(e + "f8", Bytes(new[] { 1d, 0, 1 }, big)).SetName($"Float64(big endian: {big})");
            yield return new TestCaseData(e + "u2", Bytes(new ushort[] { 1, 0, 1 }, big)).SetName($"UInt16(big endian: {big})");
        }
    }

    [TestCaseSource(nameof(Dtypes))]
    public void Converts_every_dtype_in_either_byte_order(string descr, byte[] data)
    {
        string path = Npy(Dict(descr, "(3,)"), data);
        Assert.Multiple(() =>
        {
            Assert.That(NpyReader.ReadArray<byte>(path), Is.EqualTo(new byte[] { 1, 0, 1 }));
            Assert.That(NpyReader.ReadArray<int>(path), Is.EqualTo(new[] { 1, 0, 1 }));
            Assert.That(NpyReader.ReadArray<long>(path), Is.EqualTo(new[] { 1L, 0, 1 }));
            Assert.That(NpyReader.ReadArray<float>(path), Is.EqualTo(new[] { 1f, 0, 1 }));
            Assert.That(NpyReader.ReadArray<double>(path), Is.EqualTo(new[] { 1d, 0, 1 }));
        });
    }

    [Test]
    public void Fortran_order_comes_back_in_C_order()
    {
        // [[1, 2, 3], [4, 5, 6]] stored column by column.
        string path = Npy(Dict("<i8", "(2, 3)", fortran: true), Bytes(new long[] { 1, 4, 2, 5, 3, 6 }, false));
        Assert.That(NpyReader.ReadHeader(path).IsInPlace<long>(), Is.False);
        Assert.That(NpyReader.ReadArray<long>(path), Is.EqualTo(new long[] { 1, 2, 3, 4, 5, 6 }));
        string cube = Npy(Dict("<i4", "(2, 2, 2)", fortran: true), Bytes(new[] { 0, 4, 2, 6, 1, 5, 3, 7 }, false), name: "cube.npy");
        Assert.That(NpyReader.ReadArray<int>(cube), Is.EqualTo(Enumerable.Range(0, 8)));
    }

    [Test]
    public void A_scalar_has_rank_zero_and_one_element()
    {
        string path = Npy(Dict("<f8", "()"), Bytes(new[] { 2.5 }, false));
        Assert.That(NpyReader.ReadHeader(path).Rank, Is.Zero);
        Assert.That(NpyReader.ReadArray<double>(path), Is.EqualTo(new[] { 2.5 }));
    }

    [TestCase("<i8", "element 1 is 5000000000, which is not a Int32")]
    public void Values_that_do_not_fit_are_errors(string descr, string message)
    {
        string path = Npy(Dict(descr, "(2,)"), Bytes(new[] { 1L, 5_000_000_000 }, false));
        AssertOneLine(() => _ = NpyReader.ReadArray<int>(path), message);
    }

    [Test]
    public void Fractional_floats_are_not_integers()
    {
        string path = Npy(Dict("<f4", "(2,)"), Bytes(new[] { 1f, 1.5f }, false));
        AssertOneLine(() => _ = NpyReader.ReadArray<int>(path), "element 1 is 1.5");
        string nan = Npy(Dict("<f4", "(1,)"), Bytes(new[] { float.NaN }, false), name: "nan.npy");
        AssertOneLine(() => _ = NpyReader.ReadArray<long>(nan), "element 0 is NaN");
    }

    [Test]
    public void A_truncated_file_is_an_error()
    {
        string path = Npy(Dict("<i4", "(3,)"), Bytes(new[] { 1, 2 }, false));
        AssertOneLine(() => _ = NpyReader.ReadHeader(path), "truncated: ");
        string header = Npy(Dict("<i4", "(3,)"), [], name: "b.npy");
        File.WriteAllBytes(header, File.ReadAllBytes(header)[..20]);
        AssertOneLine(() => _ = NpyReader.ReadHeader(header), "truncated .npy header");
    }

    [TestCase("<c8", "unsupported dtype '<c8'")]
    [TestCase("|O", "unsupported dtype '|O'")]
    [TestCase("<U10", "unsupported dtype '<U10'")]
    public void Unknown_dtypes_are_errors(string descr, string message)
    {
        string path = Npy(Dict(descr, "(0,)"), []);
        AssertOneLine(() => _ = NpyReader.ReadHeader(path), message);
    }

    [Test]
    public void Not_npy_is_an_error()
    {
        string path = Path.Combine(dir, "x.npy");
        File.WriteAllText(path, "hello, world");
        AssertOneLine(() => _ = NpyReader.ReadHeader(path), "not a NumPy .npy file");
        string structured = Npy("{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,), }", new byte[4], name: "s.npy");
        AssertOneLine(() => _ = NpyReader.ReadHeader(structured), "unsupported .npy header");
    }

    private static void AssertOneLine(Action call, string fragment)
    {
        var error = Assert.Throws<InvalidDataException>(() => call())!;
        Assert.That(error.Message, Does.Contain(fragment).And.Not.Contain("\n"));
        Assert.That(error.Message, Does.Contain(".npy"), "names the file");
    }
}
