using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Speech.Client.Sessions;

namespace RealtimeGrains.Speech.Client;

/// <summary>
/// Opens speech sessions on a cluster running the speech service. All sessions share one producer (one batch in flight
/// per partition, so each session's frames arrive in order); each session has its own subscription to its results.
/// Thread-safe; dispose flushes the audio still unacknowledged.
/// </summary>
public sealed class SpeechClient : IAsyncDisposable
{
    private readonly StreamProducer _producer;
    private readonly ISpeechTransport _transport;
    private readonly SpeechClientOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a client on a connected cluster client.</summary>
    /// <exception cref="ArgumentException">An option is not valid; the message names it.</exception>
    public SpeechClient(IClusterClient client, SpeechClientOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _options = options ?? new SpeechClientOptions();
        _options.Validate();
        _time = time ?? TimeProvider.System;
        _producer = new StreamProducer(client, _options.Producer, _time);
        _transport = new ClusterSpeechTransport(_producer, new OutputSubscriber(client, _options.Subscriber, _time), _options);
    }

    /// <summary>The shared producer's counters (events published and acknowledged, batches, resends).</summary>
    public ProducerStatistics Statistics => _producer.Statistics;

    /// <summary>Opens a session: subscribes to its results, then sends its <see cref="SpeechAudioKind.Open"/>.</summary>
    /// <param name="sessionId">The session's id (the key of its audio and results); null: a new GUID.</param>
    /// <param name="cancellationToken">Stops opening.</param>
    public Task<SpeechSession> OpenSessionAsync(string? sessionId = null, CancellationToken cancellationToken = default) =>
        SessionOpener.OpenAsync(_transport, sessionId, _options.ResultsGrace, _time, cancellationToken);

    public ValueTask DisposeAsync() => _producer.DisposeAsync();
}
