using RealtimeGrains.Streaming;

namespace RealtimeGrains.Tests.Streaming;

public sealed class ProducerWindowsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void For_NewProducerAfterRetention_IdleOnesForgottenActiveKept()
    {
        var windows = new ProducerWindows(maxProducers: 100, TimeSpan.FromHours(1));
        var producers = new Dictionary<Guid, ProducerWindow>();
        Guid idle = Guid.NewGuid(), active = Guid.NewGuid();
        windows.For(producers, idle, 0, T0);
        windows.For(producers, active, 0, T0);
        windows.For(producers, active, 0, T0.AddMinutes(50));

        windows.For(producers, Guid.NewGuid(), 0, T0.AddMinutes(70));

        Assert.Equal(2, producers.Count);
        Assert.DoesNotContain(idle, producers.Keys);
        Assert.Contains(active, producers.Keys);
    }

    [Fact]
    public void For_AtCap_IdlestForgotten()
    {
        var windows = new ProducerWindows(maxProducers: 3, TimeSpan.FromDays(1));
        var producers = new Dictionary<Guid, ProducerWindow>();
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            windows.For(producers, ids[i], 0, T0.AddSeconds(i));
        }

        windows.For(producers, ids[0], 0, T0.AddSeconds(10));
        windows.For(producers, Guid.NewGuid(), 0, T0.AddSeconds(11));

        Assert.Equal(3, producers.Count);
        Assert.DoesNotContain(ids[1], producers.Keys);
    }

    [Fact]
    public void For_UnknownProducer_WindowStartsAtAcknowledgedUpTo()
    {
        var windows = new ProducerWindows(maxProducers: 10, TimeSpan.FromDays(1));
        var producers = new Dictionary<Guid, ProducerWindow>();

        var window = windows.For(producers, Guid.NewGuid(), 4_999, T0);

        Assert.Equal(4_999, window.Contiguous);
        Assert.Equal(SequenceOutcome.Duplicate, window.TryAccept(4_999, 1024));
        Assert.Equal(SequenceOutcome.Accepted, window.TryAccept(5_000, 1024));
    }
}
