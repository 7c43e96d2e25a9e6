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
}
