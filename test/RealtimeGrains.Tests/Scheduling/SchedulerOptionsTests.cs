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

    [Fact]
    public void ADeclaredQueue_StartsWithItsSettings_OverTheDefaults()
    {
        var options = new SchedulerOptions { DefaultPolicy = "fcfs", DefaultConcurrency = 4 };
        options.Queues["asr"] = new QueueDeclaration { Policy = "SJF", Concurrency = 2 };

        var asr = new TaskQueue("asr", options);
        var other = new TaskQueue("other", options);

        Assert.Equal(("sjf", 2, options.DefaultMaxLength), (asr.Settings.Policy, asr.Settings.Concurrency, asr.Settings.MaxLength));
        Assert.Equal(("fcfs", 4), (other.Settings.Policy, other.Settings.Concurrency));
    }

    [Fact]
    public void Validate_BadQueueDeclaration_NamesTheQueueAndKey()
    {
        var options = new SchedulerOptions();
        options.Queues["asr"] = new QueueDeclaration { Policy = "lifo", Concurrency = 0 };
        options.Queues["bad name"] = new QueueDeclaration();

        Assert.Equal(
        [
            "RealtimeGrains:Scheduler:Queues:asr:Policy = 'lifo' is not valid; allowed: fcfs, sjf, priority",
            "RealtimeGrains:Scheduler:Queues:asr:Concurrency = '0' is not valid; allowed: 1-100000",
            "RealtimeGrains:Scheduler:Queues:bad name: 'bad name' is not a queue name (1-100 letters, digits, '-', '_', '.')",
        ], options.Validate());
    }
}
