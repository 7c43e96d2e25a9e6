using System.Collections.Concurrent;
using System.Diagnostics;
using RealtimeGrains.Benchmarks.Infrastructure;
using RealtimeGrains.Speech;
using RealtimeGrains.Speech.Client;

namespace RealtimeGrains.Benchmarks.Speech;

/// <summary>
/// The speech service as the embedded default declares it (audio stream with the session processor, results
/// stream, <c>asr</c> queue), on in-process silos with the real engine, and a <see cref="SpeechClient"/> that
/// streams sessions through the TCP gateway as an app would.
/// </summary>
internal sealed class SpeechService : IAsyncDisposable
{
    private readonly BenchmarkCluster _cluster;

    private SpeechService(BenchmarkCluster cluster)
    {
        _cluster = cluster;
        Client = new SpeechClient(cluster.Client, new SpeechClientOptions { ResultsGrace = TimeSpan.FromSeconds(30) });
    }

    public SpeechClient Client { get; }

    public static async Task<SpeechService> StartAsync(string policy = "sjf", int concurrency = 4, int silenceMs = 300)
    {
        var settings = new Dictionary<string, string?>
        {
            ["RealtimeGrains:Streaming:Streams:speech:Processor"] = "speech-vad",
            ["RealtimeGrains:Streaming:Streams:speech:Partitions"] = "8",
            ["RealtimeGrains:Streaming:Streams:speech:Buckets"] = "1024",
            ["RealtimeGrains:Streaming:Streams:speech:MaxPayloadBytes"] = "4096",
            ["RealtimeGrains:Streaming:Streams:speech:Output"] = SpeechStreams.Results,
            ["RealtimeGrains:Streaming:Streams:speech:Settings:SilenceMs"] = silenceMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RealtimeGrains:Streaming:Streams:speech-results:Processor"] = "none",
            ["RealtimeGrains:Streaming:Streams:speech-results:Partitions"] = "4",
            ["RealtimeGrains:Streaming:Streams:speech-results:Buckets"] = "1024",
            ["RealtimeGrains:Streaming:Streams:speech-results:Retain"] = "100",
            ["RealtimeGrains:Scheduler:Queues:asr:Policy"] = policy,
            ["RealtimeGrains:Scheduler:Queues:asr:Concurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return new SpeechService(await BenchmarkCluster.StartAsync(settings, configure: (_, silo) => silo.AddSpeechRecognition()));
    }

    /// <summary>
    /// Streams each of <paramref name="audio"/> as its own session, <paramref name="concurrency"/> at a time, and
    /// collects every session's results with the client-measured latency.
    /// </summary>
    public async Task<List<SessionOutcome>> RunAsync(IReadOnlyList<(string Name, short[] Pcm)> audio, int concurrency, SpeechPace pace, CancellationToken cancellationToken = default)
    {
        var outcomes = new ConcurrentBag<SessionOutcome>();
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < audio.Count)
            {
                var (name, pcm) = audio[i];
                await using var session = await Client.OpenSessionAsync(cancellationToken: cancellationToken);
                var reading = session.ReadResultsAsync(cancellationToken).ToListAsync(cancellationToken).AsTask();
                var started = Stopwatch.GetTimestamp();
                await session.StreamAsync(pcm, pace, cancellationToken);
                var results = await reading;
                outcomes.Add(new SessionOutcome(name, results, Stopwatch.GetElapsedTime(started)));
            }
        });
        await Task.WhenAll(workers);
        return [.. outcomes];
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _cluster.DisposeAsync();
    }
}

/// <summary>What one session got back.</summary>
internal sealed record SessionOutcome(string Name, List<SessionResult> Results, TimeSpan Elapsed)
{
    public string Text => string.Join(" | ", Results.Where(r => r.Result.Recognized).Select(r => r.Result.Text));

    public IEnumerable<string> Errors => Results.Select(r => r.Result.Error).OfType<string>();
}
