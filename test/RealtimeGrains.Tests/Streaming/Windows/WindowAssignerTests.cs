using RealtimeGrains.Streaming.Windows;

namespace RealtimeGrains.Tests.Streaming.Windows;

[Trait("Tier", "Unit")]
public sealed class WindowAssignerTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(999, 0)]
    [InlineData(1000, 1000)]
    [InlineData(1500, 1000)]
    [InlineData(-1, -1000)]
    [InlineData(-1000, -1000)]
    [InlineData(-1001, -2000)]
    public void Assign_Tumbling_IsTheOneEpochAlignedWindow(long time, long start)
    {
        var assigner = new WindowAssigner(1000, 1000);

        Assert.Equal([start], assigner.Assign(time));
        Assert.Equal(start + 1000, assigner.LastEnd(time));
    }

    [Fact]
    public void Assign_Sliding_IsEveryWindowHoldingTheTime()
    {
        var assigner = new WindowAssigner(1000, 250);

        Assert.Equal([250, 500, 750, 1000], assigner.Assign(1100));
        Assert.Equal([-750, -500, -250, 0], assigner.Assign(0));
        Assert.Equal(2000, assigner.LastEnd(1100));
    }

    [Fact]
    public void Assign_AnyTime_IsExactlyTheSlideMultiplesWithinSizeBefore()
    {
        var random = new Random(7);
        for (var i = 0; i < 2_000; i++)
        {
            var slide = (long)random.Next(1, 50);
            var size = slide * random.Next(1, 101);
            var time = random.NextInt64(-1_000_000, 1_000_000);

            var starts = new WindowAssigner(size, slide).Assign(time);

            var expected = new List<long>();
            for (var s = time - size + 1; s <= time; s++)
            {
                if (s % slide == 0)
                {
                    expected.Add(s);
                }
            }

            Assert.Equal(expected, starts);
        }
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1000, 0)]
    [InlineData(1000, 2000)]
    [InlineData(1000, 300)]
    [InlineData(1000, 5)]
    public void Constructor_Inconsistent_Throws(long size, long slide)
    {
        Assert.Throws<ArgumentException>(() => new WindowAssigner(size, slide));
    }
}
