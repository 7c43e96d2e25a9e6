namespace RealtimeGrains.Streaming.Processing;

/// <summary>
/// The key's log: an append-only list of byte records kept with the key (audio frames, the events of an open
/// session, ...). Each record is its own field in the partition's checkpoint, so appending writes only the new
/// record, not what the log already holds; dropping records from the front writes a small tombstone each. Like
/// every effect, appends and removals take effect only if the call does not reject or throw; within the call the
/// log already shows them. The log goes when the key is cleared or expires.
/// </summary>
public readonly ref struct KeyLog
{
    private readonly IKeyLog _log;

    internal KeyLog(IKeyLog log) => _log = log;

    /// <summary>Records in the log.</summary>
    public int Count => _log.LogCount;

    /// <summary>Bytes in the log's records.</summary>
    public long Bytes => _log.LogBytes;

    /// <summary>The record at <paramref name="index"/> (0 is the oldest).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, Count).</exception>
    public ReadOnlySpan<byte> this[int index] => _log.LogRecord(index);

    /// <summary>Appends <paramref name="record"/> (copied).</summary>
    /// <exception cref="ArgumentException">The record is larger than the stream's <c>MaxPayloadBytes</c>.</exception>
    public void Append(ReadOnlySpan<byte> record) => _log.LogAppend(record);

    /// <summary>Drops the <paramref name="count"/> oldest records.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or more than <see cref="Count"/>.</exception>
    public void RemoveFirst(int count) => _log.LogRemoveFirst(count);

    /// <summary>Drops every record.</summary>
    public void Clear() => _log.LogRemoveFirst(_log.LogCount);

    /// <summary>The records, oldest first, concatenated into <paramref name="destination"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Bytes"/>.</exception>
    public int CopyTo(Span<byte> destination)
    {
        if (destination.Length < Bytes)
        {
            throw new ArgumentException($"the log holds {Bytes} bytes; the destination has room for {destination.Length}", nameof(destination));
        }

        var written = 0;
        for (var i = 0; i < Count; i++)
        {
            var record = this[i];
            record.CopyTo(destination[written..]);
            written += record.Length;
        }

        return written;
    }

    /// <summary>The records, oldest first, concatenated.</summary>
    public byte[] ToArray()
    {
        var all = new byte[Bytes];
        CopyTo(all);
        return all;
    }
}

/// <summary>The log of the key a processor call is for (implemented by the runtime).</summary>
internal interface IKeyLog
{
    int LogCount { get; }

    long LogBytes { get; }

    ReadOnlySpan<byte> LogRecord(int index);

    void LogAppend(ReadOnlySpan<byte> record);

    void LogRemoveFirst(int count);
}
