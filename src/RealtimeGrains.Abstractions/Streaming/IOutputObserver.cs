using Orleans.Concurrency;

namespace RealtimeGrains.Streaming;

/// <summary>A subscriber to a stream's retained outputs; partition grains push outputs once they are checkpointed.</summary>
public interface IOutputObserver : IGrainObserver
{
    /// <summary>Outputs of one partition, in per-key sequence order.</summary>
    [OneWay]
    Task OnOutputs(IReadOnlyList<StreamOutput> outputs);
}
