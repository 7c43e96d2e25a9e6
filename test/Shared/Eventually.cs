using System.Diagnostics;

namespace RealtimeGrains.Testing;

/// <summary>Waits for a condition with a deadline; never a fixed sleep.</summary>
internal static class Eventually
{
    public static async Task<TimeSpan> TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string expectation)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < timeout)
        {
            try
            {
                if (await condition())
                {
                    return clock.Elapsed;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException or InvalidOperationException)
            {
                last = ex;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"after {timeout.TotalSeconds:0} s: expected {expectation}" + (last is null ? "" : $" (last error: {last.Message})"));
    }

    /// <summary>Reads a value until <paramref name="done"/> holds, polling every few milliseconds, and returns it.</summary>
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
