using System.Runtime.CompilerServices;
using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.Speech.Client.Sessions;

/// <summary>Sessions over a cluster: one producer for every session's audio, one output feed per session's results.</summary>
internal sealed class ClusterSpeechTransport(StreamProducer producer, OutputSubscriber subscriber, SpeechClientOptions options) : ISpeechTransport
{
    public ValueTask PublishAsync(string session, SpeechAudio audio, CancellationToken cancellationToken) =>
        producer.PublishAsync(options.AudioStream, session, audio, cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken) => producer.FlushAsync(cancellationToken);

    public async Task<IResultFeed> SubscribeAsync(string session, CancellationToken cancellationToken)
    {
        // From sequence 1: everything the session ever emitted, with no look-up of the newest output first.
        var feed = await subscriber.OpenAsync(options.ResultsStream, session, fromSequence: 1, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new Feed(feed);
    }

    private sealed class Feed(OutputFeed feed) : IResultFeed
    {
        public async IAsyncEnumerable<SpeechResult> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var output in feed.ReadAllAsync<SpeechResult>(cancellationToken).ConfigureAwait(false))
            {
                yield return output.Value;
            }
        }

        public ValueTask DisposeAsync() => feed.DisposeAsync();
    }
}
