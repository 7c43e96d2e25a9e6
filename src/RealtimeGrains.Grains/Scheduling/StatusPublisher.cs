using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace RealtimeGrains.Scheduling;

/// <summary>
/// Publishes a queue's task status changes on its stream, best effort: changes gathered while a
/// publish is in flight or within a short linger go out together as the next <see cref="TaskStatusBatch"/>. The persisted
/// state, not the stream, is the truth; if the stream fails, changes beyond a bound are dropped.
/// </summary>
internal sealed partial class StatusPublisher(IAsyncStream<TaskStatusBatch> stream, TimeProvider time, ILogger logger)
{
    private const int MaxBuffered = 50_000;

    /// <summary>How long changes gather before a publish: fewer, larger stream messages under load.</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(5);

    private List<TaskStatusChanged> _buffer = [];
    private bool _publishing;

    public void Add(TaskStatusChanged change)
    {
        if (_buffer.Count >= MaxBuffered)
        {
            LogDropped(logger, stream.StreamId.ToString(), _buffer.Count);
            _buffer.Clear();
        }

        _buffer.Add(change);
        if (!_publishing)
        {
            _ = RunAsync();
        }
    }

    private async Task RunAsync()
    {
        _publishing = true;
        try
        {
            while (_buffer.Count > 0)
            {
                await Task.Delay(Linger, time);
                var batch = _buffer;
                _buffer = [];
                try
                {
                    await stream.OnNextAsync(new TaskStatusBatch { Changes = batch });
                }
                catch (Exception ex)
                {
                    LogPublishFailed(logger, ex, stream.StreamId.ToString(), batch.Count);
                }
            }
        }
        finally
        {
            _publishing = false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish {Count} task status changes on {Stream}; watchers miss them")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string stream, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Count} unpublished task status changes of {Stream}: the stream is not keeping up")]
    private static partial void LogDropped(ILogger logger, string stream, int count);
}
