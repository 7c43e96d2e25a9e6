using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>The client-side object partitions push a feed's outputs to.</summary>
internal sealed class FeedObserver(OutputFeed feed) : IOutputObserver
{
    public Task OnOutputs(IReadOnlyList<StreamOutput> outputs)
    {
        feed.OnPushed(outputs);
        return Task.CompletedTask;
    }
}
