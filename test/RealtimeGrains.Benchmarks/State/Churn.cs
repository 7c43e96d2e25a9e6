using System.Diagnostics;
using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.Benchmarks.State;

/// <summary>What one background churn published, from its start until it was stopped and every event acknowledged.</summary>
internal sealed record ChurnReport(long Published, long Acked, long Resent, long Skipped, double Seconds)
{
    /// <summary>Events published per second while it ran (its pace, unless the producer fell behind).</summary>
    public double EventsPerSecond => Seconds > 0 ? Math.Round(Published / Seconds) : 0;
}

/// <summary>
/// A background producer of its own (default producer options) publishing one event per key that <c>next</c> gives,
/// paced at a fixed rate: every 5 ms it publishes the events due since it started. Falling more than 100 ms behind
/// (the producer's window full) drops the backlog instead of bursting to catch up: those events are counted as skipped.
/// </summary>
internal sealed class Churn
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);
    private const double MaxBacklogSeconds = 0.1;

    private readonly StreamProducer _producer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task<long> _publishing;

    private Churn(IClusterClient client, double rate, Func<string> next, ReadOnlyMemory<byte> payload)
    {
        _producer = new StreamProducer(client);
        _publishing = Task.Run(() => PublishAsync(rate, next, payload));
    }

    /// <summary>Starts publishing at <paramref name="rate"/> events/s, keys from <paramref name="next"/> (called from one task).</summary>
    public static Churn Start(IClusterClient client, double rate, Func<string> next, int payloadBytes) =>
        new(client, rate, next, new byte[payloadBytes]);

    /// <summary>Stops publishing, waits for every acknowledgement and disposes the producer.</summary>
    public async Task<ChurnReport> StopAsync()
    {
        await _stop.CancelAsync();
        var skipped = await _publishing;
        var seconds = _clock.Elapsed.TotalSeconds;
        await _producer.FlushAsync();
        var stats = _producer.Statistics;
        await _producer.DisposeAsync();
        _stop.Dispose();
        return new ChurnReport(stats.EventsPublished, stats.EventsAcked, stats.BatchesResent, skipped, Math.Round(seconds, 3));
    }

    private async Task<long> PublishAsync(double rate, Func<string> next, ReadOnlyMemory<byte> payload)
    {
        long published = 0, skipped = 0;
        var maxBacklog = (long)Math.Max(1, rate * MaxBacklogSeconds);
        while (!_stop.IsCancellationRequested)
        {
            var backlog = (long)(rate * _clock.Elapsed.TotalSeconds) - skipped - published;
            if (backlog > maxBacklog)
            {
                skipped += backlog - maxBacklog;
                backlog = maxBacklog;
            }

            for (long i = 0; i < backlog; i++)
            {
                await _producer.PublishAsync(StateOptions.Stream, next(), payload);
            }

            published += Math.Max(0, backlog);
            try
            {
                await Task.Delay(Tick, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return skipped;
    }
}
