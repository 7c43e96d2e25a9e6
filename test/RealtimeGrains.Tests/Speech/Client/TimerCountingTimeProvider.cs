using Microsoft.Extensions.Time.Testing;

namespace RealtimeGrains.Tests.Speech.Client;

/// <summary>A <see cref="FakeTimeProvider"/> that counts the timers created, so a test advances time only once a delay is waiting.</summary>
internal sealed class TimerCountingTimeProvider : TimeProvider
{
    private int _timers;

    public FakeTimeProvider Fake { get; } = new();

    public int Timers => Volatile.Read(ref _timers);

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        return timer;
    }

    /// <summary>Waits until at least <paramref name="count"/> timers were created.</summary>
    public async Task WaitForTimersAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Timers < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"expected {count} timers to be created; {Timers} were");
            await Task.Yield();
        }
    }
}
