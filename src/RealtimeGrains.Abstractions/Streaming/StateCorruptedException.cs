namespace RealtimeGrains.Streaming;

/// <summary>
/// A partition's stored state failed its checksum or is truncated: the partition refuses to start rather than
/// load it as empty state. Names the stream, partition and segment (bucket, or -1 for the partition's own record).
/// </summary>
[GenerateSerializer, Alias("rtg.state-corrupted")]
public sealed class StateCorruptedException : RealtimeGrainsException
{
    public StateCorruptedException()
    {
    }

    public StateCorruptedException(string message)
        : base(message)
    {
    }

    public StateCorruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StateCorruptedException(string stream, int partition, int segment, string detail)
        : base($"stored state of stream '{stream}' partition {partition} {(segment < 0 ? "(partition record)" : $"segment {segment}")} is corrupt: {detail}; the partition does not start")
    {
        Stream = stream;
        Partition = partition;
        Segment = segment;
    }

    [Id(0)] public string Stream { get; private set; } = "";

    [Id(1)] public int Partition { get; private set; } = -1;

    /// <summary>The bucket whose segment or delta is corrupt; -1 for the partition's own record.</summary>
    [Id(2)] public int Segment { get; private set; } = -1;
}
