namespace RealtimeGrains.Speech.Client.Sessions;

/// <summary>Where sessions' audio goes and their results come from (the cluster, or a test's fake).</summary>
internal interface ISpeechTransport
{
    /// <summary>Publishes one event of <paramref name="session"/>; events of a session arrive in the order published.</summary>
    ValueTask PublishAsync(string session, SpeechAudio audio, CancellationToken cancellationToken);

    /// <summary>Completes when every event published so far is acknowledged (processed by the service).</summary>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>Subscribes to <paramref name="session"/>'s results; the subscription is in place when this completes.</summary>
    Task<IResultFeed> SubscribeAsync(string session, CancellationToken cancellationToken);
}

/// <summary>One session's results as they are emitted; dispose to unsubscribe.</summary>
internal interface IResultFeed : IAsyncDisposable
{
    IAsyncEnumerable<SpeechResult> ReadAllAsync(CancellationToken cancellationToken);
}
