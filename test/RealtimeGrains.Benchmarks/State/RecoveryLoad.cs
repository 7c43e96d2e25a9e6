using System.Diagnostics;
using System.Globalization;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Client.Telemetry;

namespace RealtimeGrains.Benchmarks.State;

/// <summary>
/// The hot load of the recovery scenario, run until stopped instead of for N events: the same keys, payload and
/// publishers, one producer (its ack timeout from <c>--ack-timeout-ms</c>, retries enough to outlast a failover),
/// and the producer's acknowledged-event count sampled every 100 ms, from which windowed rates are read.
/// </summary>
internal sealed class RecoveryLoad : IAsyncDisposable
{
    private static readonly TimeSpan SamplePeriod = TimeSpan.FromMilliseconds(100);

    private readonly StreamProducer _producer;
    private readonly string[] _keys;
    private readonly byte[] _payload;
    private readonly int _publishers;
    private readonly Stopwatch _clock = new();
    private readonly List<(double Seconds, long Acked)> _samples = [];
    private readonly CancellationTokenSource _stopSampling = new();
    private volatile bool _stopping;
    private Task _publishing = Task.CompletedTask;
    private Task _sampling = Task.CompletedTask;

    public RecoveryLoad(IClusterClient client, StateOptions options)
    {
        _producer = new StreamProducer(client, new ProducerOptions { AckTimeout = TimeSpan.FromMilliseconds(options.AckTimeoutMs), MaxAttempts = 1_000 });
        _keys = [.. Enumerable.Range(0, options.HotKeys).Select(k => "key-" + k.ToString(CultureInfo.InvariantCulture))];
        _payload = new byte[options.PayloadBytes];
        _publishers = options.Publishers;
    }

    /// <summary>Seconds since <see cref="Start"/>.</summary>
    public double Elapsed => _clock.Elapsed.TotalSeconds;

    public ProducerStatistics Statistics => _producer.Statistics;

    /// <summary>Every batch's publish → acknowledgement time, resends included.</summary>
    public LatencyHistogram AckLatency => _producer.AckLatency;

    /// <summary>The publishers; complete before <see cref="StopAsync"/> only when the producer failed.</summary>
    public Task Publishing => _publishing;

    public void Start()
    {
        _clock.Start();
        Sample();
        _publishing = Task.WhenAll(Enumerable.Range(0, _publishers).Select(p => Task.Run(() => PublishAsync(p))));
        _sampling = Task.Run(SampleAsync);
    }

    /// <summary>Stops publishing and waits up to <paramref name="drainTimeout"/> until every published event is acknowledged.</summary>
    public async Task<ProducerStatistics> StopAsync(TimeSpan drainTimeout)
    {
        _stopping = true;
        await _publishing;
        await _producer.FlushAsync().WaitAsync(drainTimeout);
        await _stopSampling.CancelAsync();
        await _sampling;
        return _producer.Statistics;
    }

    /// <summary>Acknowledged events per second between two moments (seconds since start), from the nearest samples at or before each.</summary>
    public double Rate(double from, double to)
    {
        lock (_samples)
        {
            var start = At(from);
            var end = At(to);
            return end.Seconds > start.Seconds ? (end.Acked - start.Acked) / (end.Seconds - start.Seconds) : 0;
        }
    }

    /// <summary>
    /// The first moment (seconds since start, at or after <paramref name="since"/> + 1 s) that ends a 1-second window
    /// whose rate is at least <paramref name="rate"/> and that is followed by another such window; null until there is one.
    /// </summary>
    public double? RecoveredAt(double since, double rate)
    {
        double[] times;
        lock (_samples)
        {
            times = [.. _samples.Select(s => s.Seconds)];
        }

        var last = times.Length > 0 ? times[^1] : 0;
        foreach (var t in times.Where(t => t >= since + 1 && t + 1 <= last))
        {
            if (Rate(t - 1, t) >= rate && Rate(t, t + 1) >= rate)
            {
                return t;
            }
        }

        return null;
    }

    /// <summary>The trailing 1-second rate every <paramref name="step"/> seconds from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public IReadOnlyList<(double Seconds, double EventsPerSecond)> Timeline(double from, double to, double step)
    {
        var points = new List<(double, double)>();
        for (var t = Math.Max(from, 1); t <= to; t += step)
        {
            points.Add((t, Rate(t - 1, t)));
        }

        return points;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        await _stopSampling.CancelAsync();
        await _sampling;
        await _producer.DisposeAsync();
        _stopSampling.Dispose();
    }

    /// <summary>The last sample taken at or before <paramref name="seconds"/> (the first sample when none is); samples are in time order.</summary>
    private (double Seconds, long Acked) At(double seconds)
    {
        int low = 0, high = _samples.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (_samples[middle].Seconds <= seconds + 1e-9)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return _samples[low];
    }

    // No cancellation token: a publish cancelled inside a full window would leave its sealed batch unsent.
    private async Task PublishAsync(int publisher)
    {
        for (long i = publisher; !_stopping; i += _publishers)
        {
            await _producer.PublishAsync(StateOptions.Stream, _keys[i % _keys.Length], _payload);
        }
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(SamplePeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopSampling.Token))
            {
                Sample();
            }
        }
        catch (OperationCanceledException) when (_stopSampling.IsCancellationRequested)
        {
        }

        Sample();
    }

    private void Sample()
    {
        var sample = (_clock.Elapsed.TotalSeconds, _producer.Statistics.EventsAcked);
        lock (_samples)
        {
            _samples.Add(sample);
        }
    }
}
