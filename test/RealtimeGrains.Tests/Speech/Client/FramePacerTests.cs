using Microsoft.Extensions.Time.Testing;
using RealtimeGrains.Speech.Client;
using RealtimeGrains.Speech.Client.Sessions;

namespace RealtimeGrains.Tests.Speech.Client;

[Trait("Tier", "Unit")]
public sealed class FramePacerTests
{
    [Fact]
    public void WaitAsync_RealTime_FrameIsDueTwentyMillisecondsAfterThePrevious()
    {
        var time = new FakeTimeProvider();
        var pacer = new FramePacer(time, SpeechPace.RealTime);

        Assert.True(pacer.WaitAsync(0, default).IsCompleted);
        var second = pacer.WaitAsync(1, default);
        time.Advance(TimeSpan.FromMilliseconds(19));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(second.IsCompleted);
    }

    [Fact]
    public void WaitAsync_AfterALateFrame_KeepsTheAbsoluteSchedule()
    {
        var time = new FakeTimeProvider();
        var pacer = new FramePacer(time, SpeechPace.RealTime);
        Assert.True(pacer.WaitAsync(0, default).IsCompleted);

        // Sending frame 1 took until 50 ms: frame 2 (due at 40 ms) goes at once, frame 3 is still due at 60 ms.
        time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.True(pacer.WaitAsync(2, default).IsCompleted);
        var fourth = pacer.WaitAsync(3, default);
        time.Advance(TimeSpan.FromMilliseconds(9));
        Assert.False(fourth.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(fourth.IsCompleted);
    }

    [Fact]
    public void WaitAsync_Fast_NeverWaits()
    {
        var pacer = new FramePacer(new FakeTimeProvider(), SpeechPace.Fast);

        Assert.All(Enumerable.Range(0, 100), i => Assert.True(pacer.WaitAsync(i, default).IsCompleted));
    }
}
