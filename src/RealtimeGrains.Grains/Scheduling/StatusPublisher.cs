using Microsoft.Extensions.Logging;
using Orleans.Streams;
using RealtimeGrains.Storage;

namespace RealtimeGrains.Scheduling;

/// <summary>
/// Publishes a queue's task status changes on its stream, best effort, through a <see cref="GroupCommit"/>: changes
/// gathered while a publish is in flight or within a short linger go out together as the next
/// <see cref="TaskStatusBatch"/>. The persisted state, not the stream, is the truth; if the stream fails, changes
/// beyond a bound are dropped.
/// </summary>
internal sealed partial class StatusPublisher
{
    private const int MaxBuffered = 50_000;

    /// <summary>How long changes gather before a publish: fewer, larger stream messages under load.</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(5);

    private readonly IAsyncStream<TaskStatusBatch> _stream;
    private readonly ILogger _logger;
    private readonly GroupCommit _publish;
    private List<TaskStatusChanged> _buffer = [];

    public StatusPublisher(IAsyncStream<TaskStatusBatch> stream, TimeProvider time, ILogger logger)
    {
        _stream = stream;
        _logger = logger;
        _publish = new GroupCommit(PublishAsync, time, Linger);
    }

    public void Add(TaskStatusChanged change)
    {
        if (_buffer.Count >= MaxBuffered)
        {
            LogDropped(_logger, _stream.StreamId.ToString(), _buffer.Count);
            _buffer.Clear();
        }

        _buffer.Add(change);
        _ = _publish.CommitAsync(); // never faults: a failed publish is logged below
    }

    private async Task PublishAsync()
    {
        if (_buffer.Count == 0)
        {
            return;
        }

        var batch = _buffer;
        _buffer = [];
        try
        {
            await _stream.OnNextAsync(new TaskStatusBatch { Changes = batch });
        }
        catch (Exception ex)
        {
            LogPublishFailed(_logger, ex, _stream.StreamId.ToString(), batch.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish {Count} task status changes on {Stream}; watchers miss them")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string stream, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Count} unpublished task status changes of {Stream}: the stream is not keeping up")]
    private static partial void LogDropped(ILogger logger, string stream, int count);
}
