using Orleans.TestingHost;
using RealtimeGrains.Speech;

namespace RealtimeGrains.ClusterTests.Speech;

/// <summary>
/// Two silos running the speech service as the embedded default declares it (audio stream with the session processor,
/// results stream, <c>asr</c> queue on SJF) with the real engine (PocketSphinx, installed by <c>.ci/deps</c>).
/// </summary>
public sealed class SpeechClusterFixture : IAsyncLifetime
{
    internal static readonly Dictionary<string, string?> Settings = new()
    {
        ["RealtimeGrains:Storage:Provider"] = "memory",
        ["RealtimeGrains:Streaming:Streams:speech:Processor"] = "speech-vad",
        ["RealtimeGrains:Streaming:Streams:speech:Partitions"] = "4",
        ["RealtimeGrains:Streaming:Streams:speech:MaxPayloadBytes"] = "4096",
        ["RealtimeGrains:Streaming:Streams:speech:Output"] = "speech-results",
        ["RealtimeGrains:Streaming:Streams:speech-results:Processor"] = "none",
        ["RealtimeGrains:Streaming:Streams:speech-results:Partitions"] = "2",
        ["RealtimeGrains:Streaming:Streams:speech-results:Retain"] = "100",
        ["RealtimeGrains:Scheduler:Queues:asr:Policy"] = "sjf",
        ["RealtimeGrains:Scheduler:Queues:asr:Concurrency"] = "4",
        ["RealtimeGrains:Scheduler:RetryBackoffMs"] = "20",
    };

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync() => Cluster = await TestClusters.DeployAsync(_ => Settings, configure: silo => silo.AddSpeechRecognition());

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SpeechClusterCollection : ICollectionFixture<SpeechClusterFixture>
{
    public const string Name = "speech";
}
