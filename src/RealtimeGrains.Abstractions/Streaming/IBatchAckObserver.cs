using Orleans.Concurrency;

namespace RealtimeGrains.Streaming;

/// <summary>The producer side of the ack path: partition grains call it after a checkpoint, or to reject a batch.</summary>
public interface IBatchAckObserver : IGrainObserver
{
    [OneWay]
    Task OnAcked(BatchAck ack);

    [OneWay]
    Task OnRejected(BatchRejection rejection);
}
