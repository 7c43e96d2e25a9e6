using Microsoft.Extensions.Time.Testing;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Tests.Scheduling;

public sealed class AttemptTimeoutsTests
{
    [Fact]
    public void After_FiresNoEarlierThanTimeoutAndWithinOneResolution()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 8, 0, 0, 3, TimeSpan.Zero));
        var timeouts = new AttemptTimeouts(time);

        var token = timeouts.After(TimeSpan.FromMilliseconds(100));

        time.Advance(TimeSpan.FromMilliseconds(100) - TimeSpan.FromTicks(1));
        Assert.False(token.IsCancellationRequested);
        time.Advance(AttemptTimeouts.Resolution + TimeSpan.FromTicks(1));
        Assert.True(token.IsCancellationRequested);
    }

    [Fact]
    public void After_DeadlinesInOneSliceShareOneTimer_LaterSliceGetsItsOwn()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));
        var timeouts = new AttemptTimeouts(time);

        var first = timeouts.After(TimeSpan.FromMilliseconds(50));
        time.Advance(TimeSpan.FromMilliseconds(2));
        var second = timeouts.After(TimeSpan.FromMilliseconds(50));
        var later = timeouts.After(TimeSpan.FromMilliseconds(500));

        Assert.Equal(first, second);
        Assert.NotEqual(first, later);
        Assert.Equal(2, timeouts.Pending);
    }

    [Fact]
    public void After_FiredSlicesAreForgotten()
    {
        var time = new FakeTimeProvider();
        var timeouts = new AttemptTimeouts(time);
        for (var ms = 10; ms <= 1_000; ms += 10)
        {
            timeouts.After(TimeSpan.FromMilliseconds(ms));
        }

        Assert.Equal(100, timeouts.Pending);
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0, timeouts.Pending);
        Assert.True(timeouts.After(TimeSpan.Zero) is { CanBeCanceled: true });
    }

    [Fact]
    public void After_DayLongTimeoutsArrivingAllDay_SlicesStayBounded()
    {
        var time = new FakeTimeProvider();
        var timeouts = new AttemptTimeouts(time);
        var day = TimeSpan.FromDays(1);
        for (var i = 0; i < 20_000; i++)
        {
            var token = timeouts.After(day);
            Assert.True(token.CanBeCanceled);
            time.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.InRange(timeouts.Pending, 1, 2 * AttemptTimeouts.SlicesPerTimeout);
    }

    [Fact]
    public void After_LongTimeout_FiresNoEarlierAndWithinAFewTenthsOfAPercent()
    {
        var time = new FakeTimeProvider();
        var timeouts = new AttemptTimeouts(time);
        var timeout = TimeSpan.FromHours(1);
        var token = timeouts.After(timeout);

        time.Advance(timeout - TimeSpan.FromTicks(1));
        Assert.False(token.IsCancellationRequested);
        time.Advance(timeout * 0.004);
        Assert.True(token.IsCancellationRequested);
    }
}
