namespace ClusterGcn.Engine.Kernels.Simd.Optim;

/// <summary>One fused Adam step in PyTorch's order of operations (torch.optim.Adam, non-fused, no amsgrad):
/// denominator = √v / √(1 − β2^t) + ε, then p −= (lr / (1 − β1^t))·(m / denominator).</summary>
internal static unsafe class AdamSimd
{
    public static void Step<TVec>(float* p, float* g, float* m, float* v, long n, AdamStepSettings s)
        where TVec : struct, ILanes<TVec>
    {
        var k = new Constants(s);
        Chunks.For(n, Elements.Chunk(n), (start, end) =>
        {
            long done = Step<TVec>(p + start, g + start, m + start, v + start, 0, end - start, k);
            Step<Lanes1>(p + start, g + start, m + start, v + start, done, end - start, k);
        });
    }

    private readonly struct Constants(AdamStepSettings s)
    {
        public readonly float Beta1 = s.Beta1, OneMinusBeta1 = 1f - s.Beta1, Beta2 = s.Beta2, OneMinusBeta2 = 1f - s.Beta2;
        public readonly float Decay = s.WeightDecay, Epsilon = s.Epsilon;
        public readonly float StepSize = s.LearningRate / s.BiasCorrection1, Correction2Sqrt = MathF.Sqrt(s.BiasCorrection2);
    }

    private static long Step<TVec>(float* p, float* g, float* m, float* v, long i, long n, in Constants k)
        where TVec : struct, ILanes<TVec>
    {
        TVec beta1 = TVec.Broadcast(k.Beta1), oneMinusBeta1 = TVec.Broadcast(k.OneMinusBeta1);
        TVec beta2 = TVec.Broadcast(k.Beta2), oneMinusBeta2 = TVec.Broadcast(k.OneMinusBeta2);
        TVec decay = TVec.Broadcast(k.Decay), epsilon = TVec.Broadcast(k.Epsilon);
        TVec stepSize = TVec.Broadcast(k.StepSize), correction2Sqrt = TVec.Broadcast(k.Correction2Sqrt);
        for (; i + TVec.Count <= n; i += TVec.Count)
        {
            TVec param = TVec.Load(p + i);
            TVec grad = TVec.Load(g + i) + decay * param;
            TVec mt = beta1 * TVec.Load(m + i) + oneMinusBeta1 * grad;
            TVec vt = beta2 * TVec.Load(v + i) + oneMinusBeta2 * (grad * grad);
            TVec denominator = TVec.Sqrt(vt) / correction2Sqrt + epsilon;
            TVec.Store(m + i, mt);
            TVec.Store(v + i, vt);
            TVec.Store(p + i, param - stepSize * (mt / denominator));
        }
        return i;
    }
}
