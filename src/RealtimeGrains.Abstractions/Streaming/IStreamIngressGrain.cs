namespace RealtimeGrains.Streaming;

/// <summary>
/// Puts producer batches on their partition's Orleans stream from inside the silo the client is connected
/// to (a stateless worker there). Clients send the batch in one grain call with Orleans' compact byte-array
/// encoding; publishing to a memory stream straight from a client serializes the payload byte by byte and
/// halved throughput. Key 0.
/// </summary>
public interface IStreamIngressGrain : IGrainWithIntegerKey
{
    /// <summary>Enqueues the batch on stream (<see cref="StreamBatch.Stream"/>, <c>{stream}/{partition}</c>). Throws when the queue is full.</summary>
    Task Publish([Immutable] StreamBatch batch);
}
