using System.Diagnostics;
using System.Globalization;
using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.Cli.Demo;

/// <summary>
/// Keyed events into the <c>events</c> stream (count per key) with injected corruption, paced; at the end every event is
/// acknowledged and each key's count, read back through <see cref="StreamQueries"/>, is compared with what was sent.
/// </summary>
internal sealed class EventsPart : IAsyncDisposable
{
    public const string Stream = "events";
    private static readonly byte[] Payload = "demo-event"u8.ToArray();
    private readonly StreamQueries _queries;
    private readonly StreamProducer _producer;
    private readonly string[] _keys;
    private readonly long[] _sentPerKey;
    private long _crcBefore;

    public EventsPart(IClusterClient client, string run, double corruptFraction)
    {
        _queries = new StreamQueries(client);
        _producer = new StreamProducer(client, new ProducerOptions { AckTimeout = TimeSpan.FromSeconds(2) }, time: null, corruptFraction);
        _keys = [.. Enumerable.Range(0, DemoSettings.EventKeys).Select(k => string.Create(CultureInfo.InvariantCulture, $"demo-{run}-{k:D4}"))];
        _sentPerKey = new long[_keys.Length];
    }

    public ProducerStatistics Statistics => _producer.Statistics;

    /// <summary>CRC failures the partitions caught since the run started (polled).</summary>
    public long CrcCaught { get; private set; }

    /// <summary>Keys the stream holds (polled).</summary>
    public long KeysHeld { get; private set; }

    public async Task StartAsync() => _crcBefore = (await _queries.GetStatsAsync(Stream)).Total.CrcFailures;

    public async Task PublishAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        for (long i = 0; clock.Elapsed < duration; i++)
        {
            var key = (int)(i % _keys.Length);
            await _producer.PublishAsync(Stream, _keys[key], Payload, cancellationToken);
            _sentPerKey[key]++;
            if (i % 256 == 255 && TimeSpan.FromSeconds((double)i / DemoSettings.EventsPerSecond) - clock.Elapsed is { Ticks: > 0 } ahead)
            {
                await Task.Delay(ahead, cancellationToken);
            }
        }
    }

    public async Task PollAsync()
    {
        if (await Polls.TryAsync(() => _queries.GetStatsAsync(Stream)) is { } stats)
        {
            CrcCaught = stats.Total.CrcFailures - _crcBefore;
            KeysHeld = stats.Total.Keys;
        }
    }

    /// <summary>Waits for every acknowledgement, then reads each key's count back.</summary>
    public async Task<EventsSummary> FinishAsync(TimeSpan elapsed, CancellationToken cancellationToken)
    {
        await _producer.FlushAsync(cancellationToken);
        await PollAsync();
        var applied = new long[_keys.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, _keys.Length),
            new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (k, _) => applied[k] = await _queries.GetStateAsync<long>(Stream, _keys[k]));
        var stats = _producer.Statistics;
        return new EventsSummary(
            stats.EventsPublished,
            stats.EventsAcked,
            applied.Sum(),
            _sentPerKey.Zip(applied).Sum(p => Math.Max(0, p.First - p.Second)),
            _sentPerKey.Zip(applied).Sum(p => Math.Max(0, p.Second - p.First)),
            _sentPerKey.Zip(applied).Count(p => p.First != p.Second),
            _keys.Length,
            stats.BatchesResent,
            stats.Corrupted,
            CrcCaught,
            KeysHeld,
            Math.Round(stats.EventsAcked / elapsed.TotalSeconds));
    }

    public ValueTask DisposeAsync() => _producer.DisposeAsync();
}
