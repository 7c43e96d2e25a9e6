using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Tests.Scheduling;

public sealed class SchedulerOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrors() => Assert.Empty(new SchedulerOptions().Validate());

    [Fact]
    public void Validate_BadValues_OneErrorPerKeyNamingValueAndRange()
    {
        var errors = new SchedulerOptions { DefaultPolicy = "lifo", DefaultConcurrency = 0, SjfAlpha = 0, MaxRetryBackoffMs = 5 }.Validate();

        Assert.Equal(
        [
            "RealtimeGrains:Scheduler:DefaultPolicy = 'lifo' is not valid; allowed: fcfs, sjf, priority",
            "RealtimeGrains:Scheduler:DefaultConcurrency = '0' is not valid; allowed: 1-100000",
            "RealtimeGrains:Scheduler:SjfAlpha = '0' is not valid; allowed: a number in (0, 1]",
            "RealtimeGrains:Scheduler:MaxRetryBackoffMs = '5' is not valid; allowed: 200-3600000",
        ], errors);
    }
}
