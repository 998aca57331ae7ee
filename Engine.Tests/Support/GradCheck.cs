namespace ClusterGcn.Engine.Tests.Support;

/// <summary>Finite-difference gradients in float64 and the one closeness assertion every kernel test uses.</summary>
public static class GradCheck
{
    /// <summary>Central differences, error O(h²): ∂f/∂x_i ≈ (f(x + h·e_i) − f(x − h·e_i)) / 2h.</summary>
    /// <remarks>Perturbs <paramref name="x"/> in place and restores every element before returning.</remarks>
    public static double[] Numeric(Func<double[], double> f, double[] x, double h = 1e-6)
    {
        var grad = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double saved = x[i];
            x[i] = saved + h;
            double plus = f(x);
            x[i] = saved - h;
            double minus = f(x);
            (x[i], grad[i]) = (saved, (plus - minus) / (2 * h));
        }
        return grad;
    }

    /// <summary>Passes when |actual[i] − expected[i]| ≤ atol + rtol·|expected[i]| everywhere (NaN never passes);
    /// otherwise fails naming the first bad index with both values, and how many indices are bad.</summary>
    public static void AssertClose(float[] actual, double[] expected, double rtol, double atol, string what = "result") =>
        AssertClose(Array.ConvertAll(actual, v => (double)v), expected, rtol, atol, what);

    /// <inheritdoc cref="AssertClose(float[], double[], double, double, string)"/>
    public static void AssertClose(double[] actual, double[] expected, double rtol, double atol, string what = "result")
    {
        if (actual.Length != expected.Length)
            Assert.Fail($"{what}: length {actual.Length} but {expected.Length} expected.");
        int firstBad = -1, badCount = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            // Written as !(ok) so that a NaN on either side counts as bad.
            if (!(Math.Abs(actual[i] - expected[i]) <= atol + rtol * Math.Abs(expected[i])))
            {
                badCount++;
                if (firstBad < 0) firstBad = i;
            }
        }
        if (firstBad >= 0)
            Assert.Fail($"{what}: index {firstBad} is {actual[firstBad]:R} but {expected[firstBad]:R} expected " +
                $"(rtol {rtol}, atol {atol}); {badCount} of {actual.Length} indices differ.");
    }
}
