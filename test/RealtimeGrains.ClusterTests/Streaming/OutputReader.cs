using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.ClusterTests.Streaming;

/// <summary>Reads a feed in the background until a condition holds (or fails after a timeout); the count read so far is visible meanwhile.</summary>
internal sealed class OutputReader
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly List<StreamOutput> _seen = [];

    private OutputReader(OutputFeed feed, Func<List<StreamOutput>, bool> until) => Completion = Task.Run(() => ReadAsync(feed, until));

    /// <summary>The outputs read, once the condition holds.</summary>
    public Task<List<StreamOutput>> Completion { get; }

    public int Count
    {
        get
        {
            lock (_seen)
            {
                return _seen.Count;
            }
        }
    }

    public static OutputReader Start(OutputFeed feed, int count) => new(feed, seen => seen.Count == count);

    public static OutputReader Start(OutputFeed feed, Func<List<StreamOutput>, bool> until) => new(feed, until);

    private async Task<List<StreamOutput>> ReadAsync(OutputFeed feed, Func<List<StreamOutput>, bool> until)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await foreach (var output in feed.ReadAllAsync(timeout.Token))
            {
                lock (_seen)
                {
                    _seen.Add(output);
                    if (until(_seen))
                    {
                        return [.. _seen];
                    }
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"after {Timeout.TotalSeconds:0} s: {Count} outputs read, the expected ones did not all arrive");
        }

        throw new InvalidOperationException("the feed ended before the expected outputs were read");
    }
}
