namespace RealtimeGrains.Speech.Client.Sessions;

/// <summary>Opens a session in the order that misses no result: subscribe first, then send the open.</summary>
internal static class SessionOpener
{
    public static async Task<SpeechSession> OpenAsync(
        ISpeechTransport transport, string? sessionId, TimeSpan resultsGrace, TimeProvider time, CancellationToken cancellationToken)
    {
        if (sessionId is { Length: 0 })
        {
            throw new ArgumentException("a speech session's id is empty; pass null for a new id", nameof(sessionId));
        }

        var id = sessionId ?? Guid.NewGuid().ToString("N");
        var feed = await transport.SubscribeAsync(id, cancellationToken).ConfigureAwait(false);
        var session = new SpeechSession(id, transport, feed, resultsGrace, time);
        try
        {
            await transport.PublishAsync(id, new SpeechAudio { Kind = SpeechAudioKind.Open, SampleRate = SpeechFormat.SampleRate }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return session;
    }
}
