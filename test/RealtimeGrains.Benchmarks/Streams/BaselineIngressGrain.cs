using Orleans.Concurrency;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Benchmarks.Streams;

public interface IBaselineIngressGrain : IGrainWithIntegerKey
{
    Task Publish([Immutable] StreamBatch batch, string streamKey);
}

/// <summary>
/// Plain Orleans' way in: the client hands a batch to a stateless worker on its gateway silo (one call with compact
/// byte-array encoding), which puts it on the partition's memory stream (<see cref="BaselineStreams"/>).
/// </summary>
[StatelessWorker]
[Reentrant]
internal sealed class BaselineIngressGrain : Grain, IBaselineIngressGrain
{
    public Task Publish(StreamBatch batch, string streamKey) =>
        this.GetStreamProvider(BaselineStreams.Provider)
            .GetStream<StreamBatch>(StreamId.Create(BaselinePartitionGrain.Namespace, streamKey))
            .OnNextAsync(batch);
}

/// <summary>The memory stream provider of the plain-Orleans baseline (benchmark silos only).</summary>
internal static class BaselineStreams
{
    public const string Provider = "rtg-baseline";

    public static ISiloBuilder AddBaselineStreams(this ISiloBuilder silo) =>
        silo.AddMemoryStreams(Provider, s => s.ConfigurePartitioning(8));
}
