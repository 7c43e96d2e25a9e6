using CsCheck;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Tests.Streaming;

public sealed class ProducerWindowTests
{
    [Fact]
    public void TryAccept_InOrder_AdvancesContiguousWithNoSparseSet()
    {
        var window = new ProducerWindow();

        Assert.Equal(SequenceOutcome.Accepted, window.TryAccept(1, 64));
        Assert.Equal(SequenceOutcome.Accepted, window.TryAccept(2, 64));
        Assert.Equal(SequenceOutcome.Duplicate, window.TryAccept(1, 64));

        Assert.Equal(2, window.Contiguous);
        Assert.Empty(window.Above);
    }

    [Fact]
    public void TryAccept_ContiguousNearLongMax_NoOverflowIntoOutOfWindow()
    {
        var window = new ProducerWindow { Contiguous = long.MaxValue - 1 };

        Assert.Equal(SequenceOutcome.Accepted, window.TryAccept(long.MaxValue, 64));
        Assert.Equal(long.MaxValue, window.Contiguous);
    }

    [Fact]
    public void TryAccept_GapThenFill_ClosesTheGap()
    {
        var window = new ProducerWindow();

        window.TryAccept(1, 64);
        window.TryAccept(3, 64);
        window.TryAccept(4, 64);
        Assert.Equal(SequenceOutcome.Duplicate, window.TryAccept(3, 64));
        window.TryAccept(2, 64);

        Assert.Equal(4, window.Contiguous);
        Assert.Empty(window.Above);
    }

    [Fact]
    public void TryAccept_BeyondWindow_IsOutOfWindowAndNotRecorded()
    {
        var window = new ProducerWindow();

        Assert.Equal(SequenceOutcome.OutOfWindow, window.TryAccept(66, 64));
        Assert.Equal(SequenceOutcome.Accepted, window.TryAccept(64, 64));
        Assert.Single(window.Above);
    }

    [Fact]
    public void TryAccept_AnyDeliveryOrderWithDuplicates_AcceptsEachSequenceExactlyOnce()
    {
        Gen.Int[1, 200].Array[1, 400].Sample(deliveries =>
        {
            var window = new ProducerWindow();
            var accepted = new HashSet<long>();
            foreach (var sequence in deliveries)
            {
                if (window.TryAccept(sequence, 1_000) == SequenceOutcome.Accepted)
                {
                    Assert.True(accepted.Add(sequence), $"sequence {sequence} accepted twice");
                }
            }

            Assert.Equal(deliveries.Distinct().Order().Select(d => (long)d), accepted.Order());
        });
    }
}
