using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.Speech.Client;

/// <summary>Streams, producer and result handling of a <see cref="SpeechClient"/>.</summary>
public sealed class SpeechClientOptions
{
    /// <summary>The audio stream sessions are published to.</summary>
    public string AudioStream { get; set; } = SpeechStreams.Audio;

    /// <summary>The results stream sessions' results are read from.</summary>
    public string ResultsStream { get; set; } = SpeechStreams.Results;

    /// <summary>
    /// After a session's close is acknowledged, its results end at the result the service marks as the last, or once
    /// this long passes with no new result (a bound for a service that lost the session, e.g. its key expired).
    /// </summary>
    public TimeSpan ResultsGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The producer's options. <see cref="ProducerOptions.MaxInFlightPerPartition"/> must stay 1: a session's frames
    /// must arrive in order, and batches in flight side by side can be applied in either order. A batch of frames not
    /// acknowledged within a second is sent again (frames are small; a session stalled for longer than the stream's
    /// <c>AudioTimeoutMs</c> has its utterance cut).
    /// </summary>
    public ProducerOptions Producer { get; set; } = new() { MaxInFlightPerPartition = 1, AckTimeout = TimeSpan.FromSeconds(1), MaxAttempts = 60 };

    /// <summary>The result subscriptions' options.</summary>
    public OutputSubscriberOptions Subscriber { get; set; } = new();

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(AudioStream) || string.IsNullOrWhiteSpace(ResultsStream))
        {
            throw new ArgumentException($"SpeechClientOptions: AudioStream ('{AudioStream}') and ResultsStream ('{ResultsStream}') must name streams");
        }

        if (ResultsGrace < TimeSpan.Zero || ResultsGrace > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(ResultsGrace), ResultsGrace, $"SpeechClientOptions.ResultsGrace = '{ResultsGrace}' is not valid; allowed: 0 - 1 h");
        }

        ArgumentNullException.ThrowIfNull(Producer);
        ArgumentNullException.ThrowIfNull(Subscriber);
        if (Producer.MaxInFlightPerPartition != 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(Producer), Producer.MaxInFlightPerPartition,
                $"SpeechClientOptions.Producer.MaxInFlightPerPartition = '{Producer.MaxInFlightPerPartition}' is not valid; allowed: 1 (a session's frames must arrive in order)");
        }
    }
}
