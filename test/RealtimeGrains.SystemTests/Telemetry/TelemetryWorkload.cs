using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Speech;
using RealtimeGrains.Speech.Client;
using RealtimeGrains.SystemTests.Failover;
using RealtimeGrains.SystemTests.Infrastructure;
using RealtimeGrains.Testing;

namespace RealtimeGrains.SystemTests.Telemetry;

/// <summary>
/// One silo process given a small workload of every kind the dashboard shows (events, tasks that complete, retry
/// and fail, one spoken command), then scraped once every family it produced is on <c>/metrics</c>.
/// </summary>
public sealed class TelemetryWorkload : IAsyncLifetime
{
    public const string Stream = "events", Queue = "telemetry";
    public const int Events = 1000, Completing = 5;

    private SiloProcess? _silo;

    internal MetricsScrape Scrape { get; private set; } = null!;

    internal IReadOnlyList<string> DashboardMetrics { get; } = Dashboard.MetricNames(RepoPaths.SiloConfig(Path.Combine("grafana", "realtimegrains-dashboard.json")));

    public int SpeechResults { get; private set; }

    public string SiloLog => _silo?.Log ?? "";

    public async Task InitializeAsync()
    {
        _silo = SiloProcess.Start(settings: new Dictionary<string, string> { ["RealtimeGrains__Silo__Dashboard"] = "false" });
        await _silo.WaitActiveAsync();
        await using var connection = await RealtimeGrainsConnection.ConnectAsync(o =>
        {
            o.Gateways.Clear();
            o.Gateways.Add(_silo.Gateway);
        });

        var producer = connection.Services.GetRequiredService<StreamProducer>();
        for (var i = 0; i < Events; i++)
        {
            await producer.PublishAsync(Stream, "key-" + (i % 50).ToString(System.Globalization.CultureInfo.InvariantCulture), [1]);
        }

        await producer.FlushAsync();

        var tasks = connection.Services.GetRequiredService<TaskClient>();
        await tasks.CreateQueueAsync(Queue, "fcfs", concurrency: 2);
        var ok = await tasks.SubmitManyAsync(Queue, [.. Enumerable.Range(0, Completing).Select(_ => TasksFailoverTests.Sleep(10))]);
        // Two attempts that each time out: one retry, then the task fails.
        var failing = await tasks.SubmitAsync(Queue, new TaskSpec { Handler = "sleep", Payload = Encoding.ASCII.GetBytes("5000"), MaxAttempts = 2, TimeoutMs = 100 });
        var finished = await Task.WhenAll(ok.Append(failing).Select(id => TasksFailoverTests.WaitAsync(tasks, id)));
        Assert.Equal(Completing, finished.Count(t => t.Status == TaskState.Completed));

        await using (var speech = new SpeechClient(connection.Client, new SpeechClientOptions { ResultsGrace = TimeSpan.FromSeconds(60) }))
        await using (var session = await speech.OpenSessionAsync("telemetry"))
        {
            var command = SpeechTestSet.InGrammar.First(s => s.Noise == "none");
            await session.StreamAsync(command.ReadPcm().Concat(new short[SpeechFormat.SampleRate]).ToArray(), SpeechPace.Fast);
            SpeechResults = (await session.ReadResultsAsync().ToListAsync()).Count;
        }

        using var http = new HttpClient();
        var metrics = new Uri(_silo.Http, "/metrics");
        await Eventually.TrueAsync(
            async () =>
            {
                Scrape = MetricsScrape.Parse(await http.GetStringAsync(metrics));
                return DashboardMetrics.All(Scrape.Has) && Scrape.Sum("rtg_stream_events_applied_total", $"stream=\"{Stream}\"") >= Events;
            },
            TimeSpan.FromSeconds(30),
            "every metric of the dashboard on /metrics and every event counted");
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }
}
