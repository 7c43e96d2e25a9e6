namespace RealtimeGrains.Client.Streaming;

/// <summary>The producer's routing half: partition loops per stream, and the producer's failure.</summary>
public sealed partial class StreamProducer
{
    private void Fail(string message) => _failed.TrySetResult(new PublishFailedException(message + "; the producer stopped accepting events"));

    private Task<StreamChannels> ChannelsAsync(string stream)
    {
        var channels = _channels.GetOrAdd(stream, CreateChannelsAsync);
        if (channels.IsFaulted)
        {
            _channels.TryRemove(new KeyValuePair<string, Task<StreamChannels>>(stream, channels));
        }

        return channels;
    }

    private async Task<StreamChannels> CreateChannelsAsync(string stream)
    {
        var route = await _directory.GetAsync(stream).ConfigureAwait(false);
        var partitions = Enumerable.Range(0, route.Definition.Partitions)
            .Select(p => new PartitionLoop(_context, route.Definition.Name, p))
            .ToArray();
        return new StreamChannels(route, partitions);
    }

    private PartitionLoop? Channel(string stream, int partition) =>
        _channels.TryGetValue(stream, out var task) && task.IsCompletedSuccessfully && (uint)partition < (uint)task.Result.Partitions.Length
            ? task.Result.Partitions[partition]
            : null;

    private IEnumerable<PartitionLoop> OpenChannels() =>
        _channels.Values.Where(t => t.IsCompletedSuccessfully).SelectMany(t => t.Result.Partitions);

    private void ThrowIfFailed()
    {
        if (_failed.Task.IsCompleted)
        {
            throw new PublishFailedException(_failed.Task.Result.Message, _failed.Task.Result);
        }
    }
}
