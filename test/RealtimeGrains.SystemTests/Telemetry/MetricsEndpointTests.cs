using System.Diagnostics;

namespace RealtimeGrains.SystemTests.Telemetry;

/// <summary>What a silo process's <c>/metrics</c> shows after a known workload, and that the Grafana dashboard reads only what it shows.</summary>
public sealed class MetricsEndpointTests(TelemetryWorkload workload) : IClassFixture<TelemetryWorkload>
{
    private const string Queue = $"queue=\"{TelemetryWorkload.Queue}\"";

    private static readonly string[] PromtoolPaths = ["/usr/bin/promtool", "/usr/local/bin/promtool"];

    [Fact]
    public void Dashboard_EveryQueriedMetric_IsOnMetricsEndpoint()
    {
        Assert.Contains("rtg_stream_events_applied_total", workload.DashboardMetrics);
        Assert.True(workload.DashboardMetrics.Count >= 15, $"dashboard queries only {workload.DashboardMetrics.Count} series");
        var missing = workload.DashboardMetrics.Where(m => !workload.Scrape.Has(m)).ToList();
        Assert.True(missing.Count == 0, "queried by the dashboard, not on /metrics: " + string.Join(", ", missing));
    }

    [Fact]
    public void Metrics_AfterWorkload_CountEventsTasksPlacementsAndSpeech()
    {
        var scrape = workload.Scrape;

        Assert.Equal(TelemetryWorkload.Events, scrape.Sum("rtg_stream_events_applied_total", $"stream=\"{TelemetryWorkload.Stream}\""));
        Assert.True(scrape.Sum("rtg_stream_ack_delay_milliseconds_count", $"stream=\"{TelemetryWorkload.Stream}\"") > 0, "no ack delay recorded for the events stream");
        Assert.True(scrape.Sum("rtg_stream_checkpoint_bytes_sum", $"stream=\"{TelemetryWorkload.Stream}\"") > 0, "no checkpoint bytes for the events stream");
        Assert.Equal(TelemetryWorkload.Completing + 1, scrape.Sum("rtg_tasks_submitted_total", Queue));
        Assert.Equal(TelemetryWorkload.Completing, scrape.Sum("rtg_tasks_completed_total", Queue));
        Assert.Equal(1, scrape.Sum("rtg_tasks_failed_total", Queue));
        Assert.Equal(1, scrape.Sum("rtg_tasks_retried_total", Queue));
        Assert.Equal(TelemetryWorkload.Completing + 2, scrape.Sum("rtg_tasks_started_total", Queue));
        Assert.Equal(0, scrape.Sum("rtg_tasks_queue_depth", Queue));
        Assert.Equal(0, scrape.Sum("rtg_tasks_running", Queue));
        Assert.True(scrape.Sum("rtg_placement_decisions_total", "strategy=\"weighted\"") >= TelemetryWorkload.Completing + 1, "fewer weighted placements than task grains");
        Assert.True(workload.SpeechResults > 0, "the spoken command got no result");
        Assert.Equal(workload.SpeechResults, scrape.Sum("rtg_speech_latency_milliseconds_count"));
        Assert.Equal(workload.SpeechResults, scrape.Sum("rtg_speech_decode_duration_milliseconds_count"));
    }

    [Fact]
    public async Task Metrics_Exposition_PassesPromtoolCheck()
    {
        var promtool = PromtoolPaths.FirstOrDefault(File.Exists);
        Assert.True(promtool is not null, "promtool not found: `bash .ci/deps` installs it (Debian package prometheus)");
        var info = new ProcessStartInfo(promtool, ["check", "metrics"]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(workload.Scrape.Text);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);

        // promtool exits 1 when the text does not parse and 3 for lint advice; Orleans' own families draw advice
        // (no help text, camelCase labels), ours only the one on purpose: durations in ms, as the instruments declare.
        var findings = (await output + await error).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(process.ExitCode is 0 or 3, $"promtool check metrics exited {process.ExitCode}: {string.Join('\n', findings.Take(5))}");
        Assert.DoesNotContain(findings, f => f.StartsWith("rtg_", StringComparison.Ordinal) && !f.EndsWith("_milliseconds use base unit \"seconds\" instead of \"milliseconds\"", StringComparison.Ordinal));
    }
}
