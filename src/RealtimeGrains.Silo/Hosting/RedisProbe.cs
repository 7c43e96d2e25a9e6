using RealtimeGrains.Hosting;
using StackExchange.Redis;

namespace RealtimeGrains.Silo.Hosting;

/// <summary>
/// Checks that Redis answers before the silo starts, so an unreachable Redis is one clear line and a
/// bounded wait instead of a membership join that retries for minutes.
/// </summary>
internal static class RedisProbe
{
    /// <summary>Returns null when Redis answered a PING, else a one-line reason naming the endpoint.</summary>
    public static async Task<string?> CheckAsync(RedisOptions options, CancellationToken cancellationToken = default)
    {
        var configuration = options.ToConfiguration();
        configuration.AbortOnConnectFail = true;
        configuration.ConnectRetry = 1;
        configuration.SyncTimeout = options.ConnectTimeoutMs;
        configuration.AsyncTimeout = options.ConnectTimeoutMs;
        var deadline = TimeSpan.FromMilliseconds(options.ConnectTimeoutMs * 2L + 1000);
        try
        {
            using var log = new StringWriter();
            var redis = await ConnectionMultiplexer.ConnectAsync(configuration, log).WaitAsync(deadline, cancellationToken).ConfigureAwait(false);
            await using (redis.ConfigureAwait(false))
            {
                await redis.GetDatabase().PingAsync().WaitAsync(deadline, cancellationToken).ConfigureAwait(false);
            }

            return null;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or System.Net.Sockets.SocketException)
        {
            var reason = ex is RedisConnectionException { InnerException: { } inner } connection
                ? $"{connection.FailureType}: {inner.Message}"
                : ex is RedisConnectionException failed ? failed.FailureType.ToString() : ex.Message;
            reason = reason.ReplaceLineEndings(" ");
            return $"Redis at {options.Endpoints()} ({RedisOptions.ConnectionStringKey}) did not answer within {options.ConnectTimeoutMs} ms: {Shorten(reason)}";
        }
    }

    private static string Shorten(string reason) => reason.Length <= 200 ? reason : reason[..200] + "...";
}
