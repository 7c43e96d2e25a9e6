using System.Buffers;

namespace RealtimeGrains.Streaming.State;

/// <summary>
/// What a key has besides its processor state, checkpointed with it: timers, the range of its retained outputs
/// and of its log records (both are item fields of the bucket, so appending one writes one field), the sequence
/// of its effects (submission ids) and how many of its tasks are out.
/// </summary>
internal sealed class KeyExtras
{
    /// <summary>Pending timers, at most one per name.</summary>
    public List<KeyTimer>? Timers { get; set; }

    /// <summary>Oldest retained output's sequence (0: none retained).</summary>
    public long OutputFirst { get; set; }

    /// <summary>Newest output's sequence (0: none yet).</summary>
    public long OutputLast { get; set; }

    /// <summary>Last effect sequence handed out (task submissions).</summary>
    public long EffectSequence { get; set; }

    /// <summary>Tasks submitted whose outcome has not come back.</summary>
    public int PendingTasks { get; set; }

    /// <summary>Oldest log record's sequence (the log is empty when it is past <see cref="LogLast"/>).</summary>
    public long LogFirst { get; set; } = 1;

    /// <summary>Newest log record's sequence (0: nothing appended yet).</summary>
    public long LogLast { get; set; }

    /// <summary>Bytes in the log's records.</summary>
    public long LogBytes { get; set; }

    /// <summary>Records in the log.</summary>
    public int LogCount => (int)(LogLast - LogFirst + 1);

    public bool IsEmpty => Timers is not { Count: > 0 } && OutputLast == 0 && EffectSequence == 0 && PendingTasks == 0 && LogLast == 0;

    public int TimerCount => Timers?.Count ?? 0;

    public void Write(IBufferWriter<byte> into)
    {
        var timers = Timers ?? [];
        Varint.Write(into, (uint)timers.Count);
        foreach (var timer in timers)
        {
            var name = System.Text.Encoding.UTF8.GetBytes(timer.Name);
            Varint.Write(into, (uint)name.Length);
            into.Write(name);
            Varint.Write(into, (ulong)timer.DueMs);
            Varint.Write(into, (ulong)timer.RepeatMs);
            into.GetSpan(1)[0] = timer.EventTime ? (byte)1 : (byte)0;
            into.Advance(1);
        }

        Varint.Write(into, (ulong)OutputFirst);
        Varint.Write(into, (ulong)OutputLast);
        Varint.Write(into, (ulong)EffectSequence);
        Varint.Write(into, (uint)PendingTasks);
        if (LogLast > 0)
        {
            Varint.Write(into, (ulong)LogFirst);
            Varint.Write(into, (ulong)LogLast);
            Varint.Write(into, (ulong)LogBytes);
        }
    }

    public static KeyExtras Read(ref ReadOnlySpan<byte> data)
    {
        var extras = new KeyExtras();
        var count = (int)Varint.Read(ref data);
        if (count < 0 || count > data.Length)
        {
            throw new FormatException("timer count overruns the record");
        }

        if (count > 0)
        {
            extras.Timers = new List<KeyTimer>(count);
            for (var i = 0; i < count; i++)
            {
                var length = (int)Varint.Read(ref data);
                if (length < 0 || length > data.Length)
                {
                    throw new FormatException("timer name overruns the record");
                }

                var name = System.Text.Encoding.UTF8.GetString(data[..length]);
                data = data[length..];
                var due = (long)Varint.Read(ref data);
                var repeat = (long)Varint.Read(ref data);
                if (data.IsEmpty)
                {
                    throw new FormatException("timer is truncated");
                }

                extras.Timers.Add(new KeyTimer(name, due, repeat, data[0] == 1));
                data = data[1..];
            }
        }

        extras.OutputFirst = (long)Varint.Read(ref data);
        extras.OutputLast = (long)Varint.Read(ref data);
        extras.EffectSequence = (long)Varint.Read(ref data);
        extras.PendingTasks = (int)Varint.Read(ref data);
        if (!data.IsEmpty)
        {
            extras.LogFirst = (long)Varint.Read(ref data);
            extras.LogLast = (long)Varint.Read(ref data);
            extras.LogBytes = (long)Varint.Read(ref data);
            if (extras.LogFirst < 1 || extras.LogFirst > extras.LogLast + 1)
            {
                throw new FormatException("log range is not valid");
            }
        }

        return extras;
    }
}

/// <summary>A timer of a key: due time (Unix ms; event time for event-time timers), repeat period (0: once).</summary>
internal readonly record struct KeyTimer(string Name, long DueMs, long RepeatMs, bool EventTime);
