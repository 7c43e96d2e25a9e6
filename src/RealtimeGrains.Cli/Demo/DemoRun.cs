using System.Diagnostics;

namespace RealtimeGrains.Cli.Demo;

/// <summary>
/// One run of <c>rtg demo</c> on a connected cluster: events, windowed metrics, task rounds under three policies and
/// spoken commands at once for the run's duration (and a silo killed partway, when asked); then it drains, checks that
/// nothing was lost, and returns the summary.
/// </summary>
internal sealed class DemoRun : IAsyncDisposable
{
    private readonly DemoSettings _settings;
    private readonly DemoCluster? _cluster;
    private readonly Stopwatch _clock = new();
    private readonly EventsPart _events;
    private readonly MetricsPart _metrics;
    private readonly SchedulingPart _scheduling;
    private readonly SpeechPart _speech;
    private readonly ClusterWatch _watch;
    private string _phase = "starting";
    private (TimeSpan At, long Acked) _lastRate;
    private double _eventsPerSecond;

    private DemoRun(IClusterClient client, DemoSettings settings, DemoCluster? cluster)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        _settings = settings;
        _cluster = cluster;
        _events = new EventsPart(client, run, settings.CorruptFraction);
        _metrics = new MetricsPart(client, run);
        _scheduling = new SchedulingPart(client, run);
        _speech = new SpeechPart(client);
        _watch = new ClusterWatch(client);
    }

    /// <summary>Runs the demo; <paramref name="cluster"/> is the embedded cluster (null: a running one).</summary>
    public static async Task<DemoSummary> RunAsync(IClusterClient client, DemoSettings settings, DemoCluster? cluster, IDemoView view, CancellationToken cancellationToken)
    {
        await DemoStreams.CheckAsync(client);
        var run = new DemoRun(client, settings, cluster);
        await using (run)
        {
            return await run.RunAsync(view, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _events.DisposeAsync();
        await _metrics.DisposeAsync();
    }

    private async Task<DemoSummary> RunAsync(IDemoView view, CancellationToken cancellationToken)
    {
        await _events.StartAsync();
        await _watch.PollAsync();
        _clock.Start();
        var work = WorkAsync(cancellationToken);
        var polling = PollAsync(work);
        await view.ShowAsync(Frame, Task.WhenAll(work, polling));
        var events = await work;
        var scheduling = _scheduling.Summary();
        var nothingLost = events.Sent == events.Acked && events.Lost == 0 && events.Duplicated == 0 && events.KeysMismatched == 0
            && scheduling.All(p => p.Completed == p.Submitted && p.Failed == 0);
        return new DemoSummary(
            _cluster is null ? "running" : "embedded",
            Math.Round(_clock.Elapsed.TotalSeconds, 1),
            _cluster?.DashboardUrl,
            nothingLost,
            events,
            _metrics.Summary(),
            scheduling,
            _watch.Shares(_scheduling.Placements),
            _speech.Summary(),
            _watch.Kill);
    }

    private async Task<EventsSummary> WorkAsync(CancellationToken cancellationToken)
    {
        using var subscription = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var windows = _metrics.SubscribeAsync(subscription.Token);
        _phase = "running";
        var load = new List<Task>
        {
            _events.PublishAsync(_settings.Duration, cancellationToken),
            _metrics.PublishAsync(_settings.Duration, cancellationToken),
            _scheduling.RunAsync(_settings.Duration, cancellationToken),
            _speech.RunAsync(_settings.Duration, cancellationToken),
        };
        if (_settings.KillSilo && _cluster is not null)
        {
            load.Add(_watch.KillAsync(_cluster.Victim, _settings.KillAt, () => _clock.Elapsed, cancellationToken));
        }

        await Task.WhenAll(load);
        _phase = "draining: every event acknowledged, then each key's count read back";
        var events = await _events.FinishAsync(_clock.Elapsed, cancellationToken);
        await subscription.CancelAsync();
        await windows;
        await _watch.PollAsync();
        _phase = "done";
        return events;
    }

    /// <summary>Stream counters and the silo list, about once a second, while the work runs.</summary>
    private async Task PollAsync(Task work)
    {
        while (!work.IsCompleted)
        {
            await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds(1)));
            await Task.WhenAll(_events.PollAsync(), _watch.PollAsync());
        }
    }

    private DemoFrame Frame()
    {
        var events = _events.Statistics;
        var now = _clock.Elapsed;
        if (now - _lastRate.At >= TimeSpan.FromSeconds(1))
        {
            _eventsPerSecond = (events.EventsAcked - _lastRate.Acked) / (now - _lastRate.At).TotalSeconds;
            _lastRate = (now, events.EventsAcked);
        }

        return new DemoFrame(
            now, _settings.Duration, _phase, events, _events.CrcCaught, _events.KeysHeld, Math.Round(_eventsPerSecond),
            _metrics.Windows, _metrics.LastDelayMs, _metrics.Latest,
            _scheduling.Summary(), _watch.Shares(_scheduling.Placements), _speech.Lines, _speech.Skipped, _watch.Kill);
    }
}
