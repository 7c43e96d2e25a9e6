using System.Threading.Channels;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Tests.Streaming.Producer;

/// <summary>
/// Plays the ingress: every send waits for the test to finish it. What the test posts afterwards (an ack, a rejection)
/// may reach the loop before the send's outcome, as on the wire.
/// </summary>
internal sealed class FakeBatchTransport : IBatchTransport
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly Channel<Send> _sends = Channel.CreateUnbounded<Send>();

    public IBatchAckObserver? ReplyTo => null;

    public Task<bool> SendAsync(StreamBatch batch, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<bool>();
        _sends.Writer.TryWrite(new Send(batch, done));
        return done.Task;
    }

    /// <summary>The next send, or a failure naming what was expected.</summary>
    public async Task<Send> NextAsync(string expected)
    {
        using var timeout = new CancellationTokenSource(Wait);
        try
        {
            return await _sends.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no send within {Wait.TotalSeconds} s; expected {expected}");
        }
    }

    public bool TryNext(out Send send) => _sends.Reader.TryRead(out send!);

    internal sealed record Send(StreamBatch Batch, TaskCompletionSource<bool> Done)
    {
        public void Succeed() => Done.SetResult(true);
    }
}
