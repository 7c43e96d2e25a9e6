using CsCheck;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Tests.Streaming;

public sealed class BatchCodecTests
{
    private static readonly Gen<(byte[] Key, byte[] Payload)[]> Events =
        Gen.Select(Gen.Byte.Array[1, 40], Gen.Byte.Array[0, 300]).Array[1, 60];

    [Fact]
    public void EventWriter_AnyEvents_RoundTripThroughReader()
    {
        Events.Sample(events =>
        {
            var writer = new EventWriter(16);
            foreach (var (key, payload) in events)
            {
                writer.Append(key, payload);
            }

            Assert.Equal(events.Sum(e => EventWriter.PackedSize(e.Key.Length, e.Payload.Length)), writer.Length);
            var reader = new EventReader(writer.ToArray());
            foreach (var (key, payload) in events)
            {
                Assert.True(reader.TryRead(out var k, out var p));
                Assert.Equal(key, k.ToArray());
                Assert.Equal(payload, p.ToArray());
            }

            Assert.False(reader.TryRead(out _, out _));
            Assert.True(reader.End);
            Assert.False(reader.Malformed);
        });
    }

    [Fact]
    public void Check_SealedBatch_IsOk()
    {
        Events.Sample(events => Assert.Equal(BatchCheck.Ok, BatchCodec.Check(Seal(events), "s", 3, 1024, 1024)));
    }

    [Fact]
    public void Check_AnySingleFlippedBitInEvents_IsDetected()
    {
        Gen.Select(Events, Gen.Int, Gen.Int[0, 7]).Sample((events, position, bit) =>
        {
            var batch = Seal(events);
            var corrupt = (byte[])batch.Events.Clone();
            corrupt[(int)((uint)position % (uint)corrupt.Length)] ^= (byte)(1 << bit);

            Assert.Equal(BatchCheck.CrcMismatch, BatchCodec.Check(batch with { Events = corrupt }, "s", 3, 1024, 1024));
        });
    }

    [Fact]
    public void Check_AnySingleFlippedBitInHeaderFields_IsDetected()
    {
        Gen.Select(Gen.Int[0, 63], Gen.Int[0, 3]).Sample((bit, field) =>
        {
            var batch = Seal([([1], [2])]);
            var flipped = field switch
            {
                0 => batch with { Sequence = batch.Sequence ^ (1L << bit) },
                1 => batch with { Partition = batch.Partition ^ (1 << (bit % 32)) },
                2 => batch with { Count = batch.Count ^ (1 << (bit % 32)) },
                _ => batch with { Crc = batch.Crc ^ (1u << (bit % 32)) },
            };

            Assert.Equal(BatchCheck.CrcMismatch, BatchCodec.Check(flipped, "s", 3, 1024, 1024));
        });
    }

    [Fact]
    public void Check_WrongPartitionOrStream_IsWrongTarget()
    {
        var batch = Seal([([1], [2])]);

        Assert.Equal(BatchCheck.WrongTarget, BatchCodec.Check(batch, "s", 4, 1024, 1024));
        Assert.Equal(BatchCheck.WrongTarget, BatchCodec.Check(batch, "other", 3, 1024, 1024));
    }

    [Fact]
    public void Check_KeyOfAnotherPartition_IsWrongTargetWithAPartitioner()
    {
        var partitioner = new RealtimeGrains.Partitioning.Partitioner(64, 8);
        var foreign = Enumerable.Range(0, 100).Select(i => new[] { (byte)i }).First(k => partitioner.Partition(k) != 3);
        var batch = Seal([(foreign, [2])]);

        Assert.Equal(BatchCheck.Ok, BatchCodec.Check(batch, "s", 3, 1024, 1024));
        Assert.Equal(BatchCheck.WrongTarget, BatchCodec.Check(batch, "s", 3, 1024, 1024, partitioner));
    }

    [Fact]
    public void Check_CountNotMatchingEventsOrTruncated_IsMalformed()
    {
        var batch = Seal([([1], [2]), ([3], [4])]);
        var lyingCount = Reseal(batch with { Count = 3 });
        var truncated = Reseal(batch with { Events = batch.Events[..^1] });
        var oversizedKey = Seal([(new byte[20], [1])]);

        Assert.Equal(BatchCheck.Malformed, BatchCodec.Check(lyingCount, "s", 3, 1024, 1024));
        Assert.Equal(BatchCheck.Malformed, BatchCodec.Check(truncated, "s", 3, 1024, 1024));
        Assert.Equal(BatchCheck.Malformed, BatchCodec.Check(oversizedKey, "s", 3, 10, 1024));
    }

    private static StreamBatch Seal((byte[] Key, byte[] Payload)[] events)
    {
        var writer = new EventWriter();
        foreach (var (key, payload) in events)
        {
            writer.Append(key, payload);
        }

        return Reseal(new StreamBatch { Stream = "s", ProducerId = Guid.NewGuid(), Sequence = 7, Partition = 3, Count = writer.Count, Events = writer.ToArray() });
    }

    private static StreamBatch Reseal(StreamBatch batch) => batch with { Crc = BatchCodec.ComputeCrc(batch) };
}
