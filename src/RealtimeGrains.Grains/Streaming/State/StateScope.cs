using System.Globalization;

namespace RealtimeGrains.Streaming.State;

/// <summary>
/// Where one partition's state is stored. Segments (one per bucket) live under <see cref="SegmentPrefix"/>:
/// for a hash-partitioned stream that is the stream itself, so a partition of any layout finds the buckets
/// it owns (a stream may change its partition count between restarts); a range-partitioned stream's keys
/// of one bucket belong to several partitions, so each partition of a layout has its own segments there.
/// The partition's own record (counters, producer windows, owner) belongs to the layout.
/// </summary>
[GenerateSerializer, Immutable, Alias("rtg.state-scope")]
internal sealed record StateScope
{
    /// <summary>The stream.</summary>
    [Id(0)] public required string Stream { get; init; }

    /// <summary>The stream's partition count in this layout.</summary>
    [Id(1)] public required int Partitions { get; init; }

    /// <summary>This partition.</summary>
    [Id(2)] public required int Partition { get; init; }

    /// <summary>Prefix of this partition's segments, shared by every partition of a hash-partitioned stream.</summary>
    [Id(3)] public required string SegmentPrefix { get; init; }

    /// <summary>First bucket owned (inclusive).</summary>
    [Id(4)] public required int FirstBucket { get; init; }

    /// <summary>End of the owned bucket range (exclusive).</summary>
    [Id(5)] public required int EndBucket { get; init; }

    /// <summary>Name of the partition's own record (its layout and number).</summary>
    public string PartitionName => string.Create(CultureInfo.InvariantCulture, $"{Stream}/{Partition}of{Partitions}");

    /// <summary>The scope of <paramref name="partition"/> of <paramref name="definition"/>.</summary>
    public static StateScope Of(StreamDefinition definition, int partition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var partitioner = definition.CreatePartitioner();
        if (definition.Partitioning == Partitioning.PartitioningKind.Hash)
        {
            return new StateScope
            {
                Stream = definition.Name,
                Partitions = definition.Partitions,
                Partition = partition,
                SegmentPrefix = definition.Name,
                FirstBucket = partitioner.FirstBucket(partition),
                EndBucket = partition + 1 == definition.Partitions ? definition.Buckets : partitioner.FirstBucket(partition + 1),
            };
        }

        // Range layouts are named by their boundaries: changed boundaries are a new layout with its own state.
        var layout = System.IO.Hashing.XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', definition.Boundaries)));
        return new StateScope
        {
            Stream = definition.Name,
            Partitions = definition.Partitions,
            Partition = partition,
            SegmentPrefix = string.Create(CultureInfo.InvariantCulture, $"{definition.Name}/range-{layout:x16}/{partition}"),
            FirstBucket = 0,
            EndBucket = definition.Buckets,
        };
    }
}
