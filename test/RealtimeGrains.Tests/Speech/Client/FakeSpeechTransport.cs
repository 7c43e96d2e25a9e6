using System.Runtime.CompilerServices;
using System.Threading.Channels;
using RealtimeGrains.Speech;
using RealtimeGrains.Speech.Client.Sessions;

namespace RealtimeGrains.Tests.Speech.Client;

/// <summary>A transport that records what a session does (with the fake time of each call) and hands it results the test pushes.</summary>
internal sealed class FakeSpeechTransport(TimeProvider time) : ISpeechTransport
{
    private readonly Lock _gate = new();
    private readonly List<(string Call, SpeechAudio? Audio, TimeSpan At)> _calls = [];
    private readonly long _start = time.GetTimestamp();

    public Channel<SpeechResult> Results { get; } = Channel.CreateUnbounded<SpeechResult>();

    public bool Unsubscribed { get; private set; }

    public IReadOnlyList<(string Call, SpeechAudio? Audio, TimeSpan At)> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<SpeechAudio> Frames => [.. Calls.Where(c => c.Audio?.Kind == SpeechAudioKind.Frame).Select(c => c.Audio!)];

    public ValueTask PublishAsync(string session, SpeechAudio audio, CancellationToken cancellationToken)
    {
        Record("publish " + session, audio);
        return ValueTask.CompletedTask;
    }

    public Task FlushAsync(CancellationToken cancellationToken)
    {
        Record("flush", null);
        return Task.CompletedTask;
    }

    public Task<IResultFeed> SubscribeAsync(string session, CancellationToken cancellationToken)
    {
        Record("subscribe " + session, null);
        return Task.FromResult<IResultFeed>(new Feed(this));
    }

    private void Record(string call, SpeechAudio? audio)
    {
        lock (_gate)
        {
            _calls.Add((call, audio, time.GetElapsedTime(_start)));
        }
    }

    private sealed class Feed(FakeSpeechTransport transport) : IResultFeed
    {
        public async IAsyncEnumerable<SpeechResult> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var result in transport.Results.Reader.ReadAllAsync(cancellationToken))
            {
                yield return result;
            }
        }

        public ValueTask DisposeAsync()
        {
            transport.Unsubscribed = true;
            return ValueTask.CompletedTask;
        }
    }
}
