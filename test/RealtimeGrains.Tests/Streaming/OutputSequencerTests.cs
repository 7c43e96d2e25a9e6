using CsCheck;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Tests.Streaming;

[Trait("Tier", "Unit")]
public sealed class OutputSequencerTests
{
    private const string Key = "k";

    [Fact]
    public async Task AcceptAsync_InOrderWithDuplicates_DeliversEachOnceWithoutReading()
    {
        var sequencer = new OutputSequencer(new Dictionary<string, long> { [Key] = 0 });
        var partition = new RetainingPartition(last: 3, firstRetained: 1);
        var delivered = new List<StreamOutput>();

        foreach (var sequence in new long[] { 1, 1, 2, 1, 3, 2, 3 })
        {
            await sequencer.AcceptAsync(Output(sequence), delivered, partition.ReadAsync, CancellationToken.None);
        }

        Assert.Equal([1, 2, 3], delivered.Select(o => o.Sequence));
        Assert.Equal(0, partition.Reads);
        Assert.Equal(0, sequencer.Missed);
    }

    [Fact]
    public async Task AcceptAsync_Gap_ReadsTheMissingOutputsFirst()
    {
        var sequencer = new OutputSequencer(new Dictionary<string, long> { [Key] = 2 }, pageSize: 2);
        var partition = new RetainingPartition(last: 9, firstRetained: 1);
        var delivered = new List<StreamOutput>();

        await sequencer.AcceptAsync(Output(8), delivered, partition.ReadAsync, CancellationToken.None);

        Assert.Equal([3, 4, 5, 6, 7, 8], delivered.Select(o => o.Sequence));
        Assert.Equal(3, partition.Reads);
        Assert.Equal(0, sequencer.Missed);
    }

    [Fact]
    public async Task AcceptAsync_GapPartlyEvicted_SkipsWhatIsGoneAndCountsItMissed()
    {
        var sequencer = new OutputSequencer(new Dictionary<string, long> { [Key] = 2 });
        var partition = new RetainingPartition(last: 10, firstRetained: 6);
        var delivered = new List<StreamOutput>();

        await sequencer.AcceptAsync(Output(8), delivered, partition.ReadAsync, CancellationToken.None);

        Assert.Equal([6, 7, 8], delivered.Select(o => o.Sequence));
        Assert.Equal(3, sequencer.Missed);
    }

    [Fact]
    public async Task AcceptAsync_GapThePartitionCannotFill_SkipsToThePushedOutputInsteadOfHanging()
    {
        var sequencer = new OutputSequencer(new Dictionary<string, long> { [Key] = 2 });
        var delivered = new List<StreamOutput>();
        var reads = 0;

        await sequencer.AcceptAsync(Output(6), delivered, (_, _, _, _) =>
        {
            reads++;
            return Task.FromResult(new OutputPage { Outputs = [], FirstRetained = 3, Last = 6 });
        }, CancellationToken.None);

        Assert.Equal([6], delivered.Select(o => o.Sequence));
        Assert.Equal(3, sequencer.Missed);
        Assert.Equal(1, reads);
    }

    [Fact]
    public void Check_KeyWithoutPosition_StartsRightAfterTheFloor_SoAnOvertakingOutputIsAGap()
    {
        var sequencer = new OutputSequencer(floor: 4);

        Assert.Equal(OutputVerdict.Duplicate, sequencer.Check(Key, 4));
        Assert.Equal(OutputVerdict.Gap, sequencer.Check(Key, 9)); // 5-8 were pushed too and are on their way, or retained
        Assert.Equal(OutputVerdict.Next, sequencer.Check(Key, 5));
        Assert.True(sequencer.TryDeliver(Output(5)));
        Assert.Equal(OutputVerdict.Duplicate, sequencer.Check(Key, 5));
        Assert.Equal(OutputVerdict.Next, sequencer.Check(Key, 6));
    }

    [Fact]
    public async Task FillAsync_NoBound_ReadsEveryRetainedOutputAfterTheStart()
    {
        var sequencer = new OutputSequencer(pageSize: 3);
        var partition = new RetainingPartition(last: 10, firstRetained: 1);
        var delivered = new List<StreamOutput>();

        await sequencer.FillAsync(Key, null, delivered, partition.ReadAsync, CancellationToken.None, startAfter: 4);

        Assert.Equal([5, 6, 7, 8, 9, 10], delivered.Select(o => o.Sequence));
        Assert.True(sequencer.TryGetPosition(Key, out var position));
        Assert.Equal(10, position);
    }

    [Fact]
    public void Positions_Filter_SelectsOnlyTheKeysAsked()
    {
        var sequencer = new OutputSequencer(new Dictionary<string, long> { ["a"] = 3, ["b"] = 5 });
        sequencer.TryDeliver(Output(1, "c"));

        Assert.Equal(new Dictionary<string, long> { ["a"] = 3, ["c"] = 1 }, sequencer.Positions(k => k != "b"));
        Assert.Equal(3, sequencer.Positions().Count);
    }

    [Fact]
    public async Task AcceptAsync_AnyPushOrderAndRetention_DeliversAscendingAndAccountsForEverySequence()
    {
        var gen =
            from last in Gen.Int[0, 40]
            from firstRetained in Gen.Int[1, last + 1]
            from start in Gen.Int[0, last]
            from pushes in Gen.Int[1, Math.Max(1, last)].Array[0, 60]
            from pageSize in Gen.Int[1, 8]
            select (last, firstRetained, start, pushes: last == 0 ? [] : pushes, pageSize);

        await gen.SampleAsync(async t =>
        {
            var sequencer = new OutputSequencer(new Dictionary<string, long> { [Key] = t.start }, pageSize: t.pageSize);
            var partition = new RetainingPartition(t.last, t.firstRetained);
            var delivered = new List<StreamOutput>();
            foreach (var sequence in t.pushes)
            {
                await sequencer.AcceptAsync(Output(sequence), delivered, partition.ReadAsync, CancellationToken.None);
            }

            var reached = Math.Max(t.start, t.pushes.DefaultIfEmpty(0).Max());
            var sequences = delivered.Select(o => o.Sequence).ToList();
            Assert.True(sequences.SequenceEqual(sequences.Order()) && sequences.Distinct().Count() == sequences.Count, "delivered in ascending order, once each");
            Assert.All(sequences, s => Assert.InRange(s, t.start + 1, reached));
            Assert.Equal(reached - t.start, sequences.Count + sequencer.Missed);
            for (long s = Math.Max(t.start + 1, t.firstRetained); s <= reached; s++)
            {
                Assert.Contains(s, sequences);
            }
        });
    }

    [Fact]
    public void Push_OvertakingOutputs_AreParkedAndDeliveredInOrderWithoutReading()
    {
        var sequencer = new OutputSequencer(new Dictionary<string, long> { [Key] = 2 });
        var delivered = new List<StreamOutput>();

        sequencer.Push(Output(5), delivered, 0);
        sequencer.Push(Output(4), delivered, 1);
        Assert.Empty(delivered);
        Assert.Equal(1, sequencer.Parked);

        sequencer.Push(Output(3), delivered, 2);
        sequencer.Push(Output(4), delivered, 3); // a duplicate

        Assert.Equal([3L, 4L, 5L], delivered.Select(o => o.Sequence));
        Assert.Equal(0, sequencer.Parked);
    }

    [Fact]
    public async Task FillParkedAsync_AGapThatLasts_IsReadFromRetentionOnlyOnceItIsOldEnough()
    {
        var sequencer = new OutputSequencer(new Dictionary<string, long> { [Key] = 0 });
        var partition = new RetainingPartition(last: 6, firstRetained: 1);
        var delivered = new List<StreamOutput>();
        sequencer.Push(Output(4), delivered, 100);

        await sequencer.FillParkedAsync(120, 50, delivered, partition.ReadAsync, CancellationToken.None);
        Assert.Empty(delivered);
        Assert.Equal(0, partition.Reads);

        await sequencer.FillParkedAsync(150, 50, delivered, partition.ReadAsync, CancellationToken.None);
        Assert.Equal([1L, 2L, 3L, 4L], delivered.Select(o => o.Sequence));
        Assert.Equal(0, sequencer.Parked);
    }

    private static StreamOutput Output(long sequence, string key = Key) => new()
    {
        Stream = "s",
        Key = key,
        Sequence = sequence,
        Time = DateTimeOffset.UnixEpoch,
        Payload = [],
        Json = "null",
    };

    /// <summary>A partition that has emitted outputs 1..last of the key and still retains firstRetained..last.</summary>
    private sealed class RetainingPartition(long last, long firstRetained)
    {
        public int Reads { get; private set; }

        public Task<OutputPage> ReadAsync(string key, long after, int max, CancellationToken cancellationToken)
        {
            Reads++;
            var from = Math.Max(after + 1, firstRetained);
            var outputs = new List<StreamOutput>();
            for (var s = from; s <= last && outputs.Count < max; s++)
            {
                outputs.Add(Output(s, key));
            }

            return Task.FromResult(new OutputPage { Outputs = outputs, FirstRetained = firstRetained <= last ? firstRetained : 0, Last = last });
        }
    }
}
