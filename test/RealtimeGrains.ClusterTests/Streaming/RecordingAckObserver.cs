using System.Collections.Concurrent;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.ClusterTests.Streaming;

/// <summary>A producer-side observer for hand-made batches: records what partition grains answer.</summary>
internal sealed class RecordingAckObserver : IBatchAckObserver
{
    public ConcurrentQueue<BatchAck> Acks { get; } = new();

    public ConcurrentQueue<BatchRejection> Rejections { get; } = new();

    public int AckCount(long sequence) => Acks.Count(a => a.Sequences.Contains(sequence));

    public Task OnAcked(BatchAck ack)
    {
        Acks.Enqueue(ack);
        return Task.CompletedTask;
    }

    public Task OnRejected(BatchRejection rejection)
    {
        Rejections.Enqueue(rejection);
        return Task.CompletedTask;
    }
}
