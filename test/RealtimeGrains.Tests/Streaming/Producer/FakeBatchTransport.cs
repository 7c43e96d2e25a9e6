using System.Threading.Channels;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Tests.Streaming.Producer;

/// <summary>
/// Plays the ingress: every send waits for the test to answer it (an ack, a refusal, a failure), or for the loop to give up
/// on it (the ack timeout), as on the wire.
/// </summary>
internal sealed class FakeBatchTransport : IBatchTransport
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly Channel<Send> _sends = Channel.CreateUnbounded<Send>();

    public Task<BatchRejection?> SendAsync(StreamBatch batch, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<BatchRejection?>();
        _sends.Writer.TryWrite(new Send(batch, done));
        return done.Task.WaitAsync(cancellationToken);
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

    internal sealed record Send(StreamBatch Batch, TaskCompletionSource<BatchRejection?> Done)
    {
        public void Ack() => Done.SetResult(null);

        public void Reject(BatchRejectReason reason) => Done.SetResult(new BatchRejection
        {
            Stream = Batch.Stream, Partition = Batch.Partition, ProducerId = Batch.ProducerId, Sequence = Batch.Sequence, Reason = reason,
        });
    }
}
