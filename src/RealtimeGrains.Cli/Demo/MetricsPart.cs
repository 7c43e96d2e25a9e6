using System.Collections.Concurrent;
using System.Diagnostics;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming.Windows;

namespace RealtimeGrains.Cli.Demo;

/// <summary>
/// Request latencies of a few hosts into the <c>metrics</c> stream (1 s tumbling windows per host), and a subscriber on
/// <c>metrics-1s</c>, where each closed window's count, mean and p99 arrive. One host is slow every fifth second.
/// </summary>
internal sealed class MetricsPart(IClusterClient client, string run) : IAsyncDisposable
{
    public const string Stream = "metrics";
    public const string WindowStream = "metrics-1s";
    private static readonly double[] BaseLatencyMs = [40, 80, 120, 60];
    private readonly StreamProducer _producer = new(client, new ProducerOptions { AckTimeout = TimeSpan.FromSeconds(2) });
    private readonly string[] _hosts = [.. Enumerable.Range(1, BaseLatencyMs.Length).Select(i => $"demo-{run}-web-{i}")];
    private readonly ConcurrentDictionary<string, WindowResult> _latest = new(StringComparer.Ordinal);
    private int _windows;
    private long _published;

    public int Windows => Volatile.Read(ref _windows);

    public long Published => Interlocked.Read(ref _published);

    /// <summary>How long after its end the latest window arrived at the subscriber.</summary>
    public double? LastDelayMs { get; private set; }

    /// <summary>The latest window of each host, by host.</summary>
    public IReadOnlyList<(string Host, WindowResult Window)> Latest =>
        [.. _hosts.Select((key, i) => (Host: $"web-{i + 1}", Key: key)).Where(h => _latest.ContainsKey(h.Key)).Select(h => (h.Host, _latest[h.Key]))];

    public async Task PublishAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var random = new Random(16);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var slow = (int)clock.Elapsed.TotalSeconds % 5 == 3;
            for (var h = 0; h < _hosts.Length; h++)
            {
                var factor = 0.5 + random.NextDouble() * (h == 2 && slow ? 8 : 1);
                await _producer.PublishJsonAsync(Stream, _hosts[h], Math.Round(BaseLatencyMs[h] * factor, 1), cancellationToken: cancellationToken);
                Interlocked.Increment(ref _published);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }

        await _producer.FlushAsync(cancellationToken);
    }

    /// <summary>Follows the windows of this run's hosts until cancelled.</summary>
    public async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var output in new OutputSubscriber(client).SubscribeAsync<WindowResult>(WindowStream, cancellationToken: cancellationToken))
            {
                if (_hosts.Contains(output.Key, StringComparer.Ordinal))
                {
                    _latest[output.Key] = output.Value;
                    LastDelayMs = Math.Round((DateTimeOffset.UtcNow - output.Value.WindowEnd).TotalMilliseconds);
                    Interlocked.Increment(ref _windows);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public MetricsSummary Summary() => new(Published, Windows, _hosts.Length, LastDelayMs);

    public ValueTask DisposeAsync() => _producer.DisposeAsync();
}
