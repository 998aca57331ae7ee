namespace ClusterGcn.Engine.Core.Training;

/// <summary>Runs a sequence of builds one ahead of their consumer: while the caller trains on item i, item i + 1 is
/// built on a background task. Builds run one at a time and in order, so the items are the same as a sequential
/// loop would give, whatever the timing.</summary>
public static class BatchPrefetcher
{
    /// <summary>The results of <paramref name="build"/> for each of <paramref name="inputs"/>, in order. An exception
    /// of a build surfaces when its item is reached; leaving the loop early waits for the build in flight.</summary>
    public static IEnumerable<TResult> Prefetch<TInput, TResult>(IReadOnlyList<TInput> inputs, Func<TInput, TResult> build)
    {
        if (inputs.Count == 0) yield break;
        Task<TResult>? next = Task.Run(() => build(inputs[0]));
        try
        {
            for (int i = 0; i < inputs.Count; i++)
            {
                var current = next!.GetAwaiter().GetResult();
                next = null;
                if (i + 1 < inputs.Count)
                {
                    var input = inputs[i + 1];
                    next = Task.Run(() => build(input));
                }
                yield return current;
            }
        }
        finally
        {
            // The builder is not thread-safe: never let a build outlive the loop that started it.
            if (next is not null) ((IAsyncResult)next).AsyncWaitHandle.WaitOne();
        }
    }
}
