using System.Diagnostics;

namespace RealtimeGrains.ClusterTests.Scheduling;

/// <summary>Waits for a condition with a deadline, polling every few milliseconds; never a fixed sleep.</summary>
internal static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string expectation)
    {
        var clock = Stopwatch.StartNew();
        T last;
        do
        {
            last = await read();
            if (done(last))
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5));
        }
        while (clock.Elapsed < timeout);

        throw new TimeoutException($"after {timeout.TotalSeconds:0.#} s: expected {expectation}; last value: {last}");
    }
}
