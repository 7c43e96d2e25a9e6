using System.Runtime.CompilerServices;
using RealtimeGrains.Partitioning;
using RealtimeGrains.Streaming.Processors;
using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.Streaming;

/// <summary>Applies the events of a checked batch to per-key state. Pure code; the batch must have passed <see cref="BatchCodec.Check"/>.</summary>
internal static class EventApplier
{
    /// <summary>Applies every event at state time <paramref name="now"/>; returns (applied, rejected by the processor).</summary>
    public static (int Applied, int Rejected) Apply(PartitionStateTable table, Partitioner partitioner, ReadOnlySpan<byte> events, IKeyedProcessor processor, uint now)
    {
        var scratch = new KeyState();
        int applied = 0, rejected = 0;
        var reader = new EventReader(events);
        while (reader.TryRead(out var key, out var payload))
        {
            var bucket = partitioner.Bucket(key);
            ref var entry = ref table.Find(bucket, key);
            if (Unsafe.IsNullRef(ref entry))
            {
                var state = new KeyState();
                if (!processor.Apply(state, payload))
                {
                    rejected++;
                    continue;
                }

                state.Count = 1;
                table.Add(bucket, key, state, now);
                applied++;
                continue;
            }

            entry.CopyTo(scratch);
            if (processor.Apply(scratch, payload))
            {
                entry.Store(scratch);
                entry.Count++;
                table.Changed(bucket, key, ref entry, now);
                applied++;
            }
            else
            {
                rejected++;
            }
        }

        return (applied, rejected);
    }
}
