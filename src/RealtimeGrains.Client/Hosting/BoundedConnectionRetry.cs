using Microsoft.Extensions.Options;

namespace RealtimeGrains.Client.Hosting;

/// <summary>Retries the initial gateway connection a bounded number of times with capped backoff.</summary>
internal sealed class BoundedConnectionRetry(IOptions<RealtimeGrainsClientOptions> options, TimeProvider time) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);
    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempts);
        if (attempt >= Math.Max(1, options.Value.ConnectAttempts))
        {
            return false;
        }

        var delay = options.Value.ConnectRetryDelay * Math.Pow(2, attempt - 1);
        await Task.Delay(delay < MaxDelay ? delay : MaxDelay, time, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
