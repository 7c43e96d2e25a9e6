using RealtimeGrains.Streaming;

namespace RealtimeGrains.Tests.Streaming;

public sealed class ProducerWindowsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void For_NewProducerAfterRetention_IdleOnesForgottenActiveKept()
    {
        var windows = new ProducerWindows(maxProducers: 100, TimeSpan.FromHours(1));
        Guid idle = Guid.NewGuid(), active = Guid.NewGuid();
        windows.For(idle, 0, T0);
        windows.For(active, 0, T0);
        windows.For(active, 0, T0.AddMinutes(50));

        windows.For(Guid.NewGuid(), 0, T0.AddMinutes(70));

        Assert.Equal(2, windows.Count);
        Assert.False(windows.Contains(idle));
        Assert.True(windows.Contains(active));
    }

    [Fact]
    public void For_AtCap_IdlestForgotten()
    {
        var windows = new ProducerWindows(maxProducers: 3, TimeSpan.FromDays(1));
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            windows.For(ids[i], 0, T0.AddSeconds(i));
        }

        windows.For(ids[0], 0, T0.AddSeconds(10));
        windows.For(Guid.NewGuid(), 0, T0.AddSeconds(11));

        Assert.Equal(3, windows.Count);
        Assert.False(windows.Contains(ids[1]));
    }

    [Fact]
    public void For_UnknownProducer_WindowStartsAtAcknowledgedUpTo()
    {
        var windows = new ProducerWindows(maxProducers: 10, TimeSpan.FromDays(1));

        var window = windows.For(Guid.NewGuid(), 4_999, T0);

        Assert.Equal(4_999, window.Contiguous);
        Assert.Equal(SequenceOutcome.Duplicate, window.TryAccept(4_999, 1024));
        Assert.Equal(SequenceOutcome.Accepted, window.TryAccept(5_000, 1024));
    }
}
