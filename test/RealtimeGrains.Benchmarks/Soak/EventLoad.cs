using System.Globalization;
using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.Benchmarks.Soak;

/// <summary>Publishes 64-byte events round robin over a fixed key space until stopped, as fast as the producer's window allows.</summary>
internal sealed class EventLoad(IClusterClient client, int keys) : IAsyncDisposable
{
    public const string Stream = "events";

    private readonly StreamProducer _producer = new(client);
    private readonly string[] _keys = [.. Enumerable.Range(0, keys).Select(k => "key-" + k.ToString(CultureInfo.InvariantCulture))];
    private readonly byte[] _payload = [.. Enumerable.Repeat((byte)'x', 64)];
    private volatile bool _stopping;

    /// <summary>The publishing loop; completes early only when the producer failed.</summary>
    public Task Running { get; private set; } = Task.CompletedTask;

    public ProducerStatistics Statistics => _producer.Statistics;

    public void Start() => Running = Task.Run(PublishAsync);

    /// <summary>Stops publishing and returns the counters once every published event is acknowledged.</summary>
    public async Task<ProducerStatistics> StopAsync()
    {
        _stopping = true;
        await Running;
        await _producer.FlushAsync();
        return _producer.Statistics;
    }

    public ValueTask DisposeAsync() => _producer.DisposeAsync();

    // No cancellation token: a publish cancelled inside a full window would leave its sealed batch unsent.
    private async Task PublishAsync()
    {
        for (long i = 0; !_stopping; i++)
        {
            await _producer.PublishAsync(Stream, _keys[i % _keys.Length], _payload);
        }
    }
}
