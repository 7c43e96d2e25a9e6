using Microsoft.Extensions.Logging;

namespace RealtimeGrains.Streaming.Processing;

/// <summary>Logs events a processor refused: the first of each second with its reason, and how many more were refused since.</summary>
internal sealed partial class RejectionLog(ILogger logger, string stream, int partition)
{
    private long _lastLoggedAt = long.MinValue;
    private int _suppressed;

    public void Add(string key, string reason)
    {
        var now = Environment.TickCount64;
        if (now - _lastLoggedAt < 1_000)
        {
            _suppressed++;
            return;
        }

        LogRejected(logger, stream, partition, key, reason, _suppressed);
        _lastLoggedAt = now;
        _suppressed = 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {Stream} partition {Partition}: event of key '{Key}' rejected: {Reason} ({Suppressed} more rejected since the last such message)")]
    private static partial void LogRejected(ILogger logger, string stream, int partition, string key, string reason, int suppressed);
}
