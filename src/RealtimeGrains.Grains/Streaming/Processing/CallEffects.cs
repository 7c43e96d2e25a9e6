using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Streaming.Processing;

/// <summary>What one processor call asked for, held until the call is known to have succeeded.</summary>
internal sealed class CallEffects
{
    public List<TimerOp> Timers { get; } = [];

    public List<(string Queue, TaskSpec Spec)> Tasks { get; } = [];

    public List<Emit> Emits { get; } = [];

    /// <summary>Records appended to the key's log.</summary>
    public List<byte[]> LogAppends { get; } = [];

    public long LogAppendedBytes { get; set; }

    /// <summary>Records dropped from the front of the key's log (held ones first, then appended ones).</summary>
    public int LogDropped { get; set; }

    public long LogDroppedBytes { get; set; }

    public bool Cleared { get; set; }

    public string? Rejected { get; set; }

    public int Late { get; set; }

    public bool Any => Timers.Count > 0 || Tasks.Count > 0 || Emits.Count > 0 || Cleared || LogAppends.Count > 0 || LogDropped > 0;

    public void Clear()
    {
        if (Timers.Count > 0)
        {
            Timers.Clear();
        }

        if (Tasks.Count > 0)
        {
            Tasks.Clear();
        }

        if (Emits.Count > 0)
        {
            Emits.Clear();
        }

        if (LogAppends.Count > 0)
        {
            LogAppends.Clear();
        }

        LogAppendedBytes = 0;
        LogDropped = 0;
        LogDroppedBytes = 0;
        Cleared = false;
        Rejected = null;
        Late = 0;
    }
}

/// <summary>Set (DueMs &gt;= 0) or cancel (DueMs &lt; 0) a timer.</summary>
internal readonly record struct TimerOp(string Name, long DueMs, long RepeatMs, bool EventTime);

/// <summary>An output for a stream's partition.</summary>
internal readonly record struct Emit(DeclaredStream Target, byte[] Key, byte[] Payload, EventMeta Meta);
