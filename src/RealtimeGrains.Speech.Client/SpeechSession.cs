using RealtimeGrains.Speech.Client.Sessions;

namespace RealtimeGrains.Speech.Client;

/// <summary>
/// One open speech session: send its audio (any number of samples at a time; they are cut into numbered 20 ms frames),
/// close it, and read its results as they happen, each with the latency measured here. Its results are subscribed to
/// before its <see cref="SpeechAudioKind.Open"/> is sent, so none is missed. One sender at a time; results may be read
/// concurrently with sending. Dispose to unsubscribe.
/// </summary>
public sealed partial class SpeechSession : IAsyncDisposable
{
    private readonly ISpeechTransport _transport;
    private readonly TimeProvider _time;
    private readonly FrameCutter _cutter = new();
    private readonly SentFrames _sent;
    private Task? _closing;

    internal SpeechSession(string id, ISpeechTransport transport, IResultFeed feed, TimeSpan resultsGrace, TimeProvider time)
    {
        Id = id;
        _transport = transport;
        _time = time;
        _sent = new SentFrames(time);
        _feed = feed;
        _resultsGrace = resultsGrace;
        _grace = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>The session's id: the key of its audio and its results.</summary>
    public string Id { get; }

    /// <summary>Frames sent so far (a partial frame is sent on close).</summary>
    public long FramesSent => _sent.Count;

    /// <summary>
    /// Sends <paramref name="samples"/> (16 kHz mono 16-bit) as the session's next audio: every 20 ms frame they complete
    /// is published, the rest waits for the next call or the close.
    /// </summary>
    /// <exception cref="InvalidOperationException">The session is closed.</exception>
    public async Task SendAsync(ReadOnlyMemory<short> samples, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        foreach (var pcm in _cutter.Append(samples.Span))
        {
            await PublishFrameAsync(pcm, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Streams <paramref name="samples"/> (16 kHz mono 16-bit) frame by frame at <paramref name="pace"/>, then closes the session.
    /// </summary>
    /// <exception cref="InvalidOperationException">The session is closed.</exception>
    public async Task StreamAsync(ReadOnlyMemory<short> samples, SpeechPace pace, CancellationToken cancellationToken = default)
    {
        var pacer = new FramePacer(_time, pace);
        long index = 0;
        for (var at = 0; at < samples.Length; at += SpeechFormat.FrameSamples)
        {
            await pacer.WaitAsync(index++, cancellationToken).ConfigureAwait(false);
            await SendAsync(samples.Slice(at, Math.Min(SpeechFormat.FrameSamples, samples.Length - at)), cancellationToken).ConfigureAwait(false);
        }

        await CloseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the partial frame left, if any, and <see cref="SpeechAudioKind.Close"/>, and waits until the service has
    /// them (the utterance open at the close is cut then). The results go on until they are complete; see
    /// <see cref="ReadResultsAsync"/>. Calling it again returns the first close.
    /// </summary>
    public Task CloseAsync(CancellationToken cancellationToken = default) => _closing ??= CloseCoreAsync(cancellationToken);

    private async Task CloseCoreAsync(CancellationToken cancellationToken)
    {
        if (_cutter.TakeRemainder() is { } last)
        {
            await PublishFrameAsync(last, cancellationToken).ConfigureAwait(false);
        }

        await _transport.PublishAsync(Id, new SpeechAudio { Kind = SpeechAudioKind.Close }, cancellationToken).ConfigureAwait(false);
        await _transport.FlushAsync(cancellationToken).ConfigureAwait(false);
        OnCloseAcknowledged();
    }

    private ValueTask PublishFrameAsync(byte[] pcm, CancellationToken cancellationToken)
    {
        var frame = _sent.Next();
        return _transport.PublishAsync(Id, new SpeechAudio { Kind = SpeechAudioKind.Frame, Frame = frame, Pcm = pcm }, cancellationToken);
    }

    private void ThrowIfClosed()
    {
        if (_closing is not null)
        {
            throw new InvalidOperationException($"speech session '{Id}' is closed; open a new session to send more audio");
        }
    }
}
