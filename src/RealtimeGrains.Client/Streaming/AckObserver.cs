using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>Receives acknowledgements and rejections from partition grains and hands them to the producer.</summary>
internal sealed class AckObserver(StreamProducer producer) : IBatchAckObserver
{
    public Task OnAcked(BatchAck ack)
    {
        producer.OnAcked(ack);
        return Task.CompletedTask;
    }

    public Task OnRejected(BatchRejection rejection)
    {
        producer.OnRejected(rejection);
        return Task.CompletedTask;
    }
}
