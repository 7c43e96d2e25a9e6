using Microsoft.Extensions.Time.Testing;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Scheduling.Handlers;

namespace RealtimeGrains.Tests.Scheduling;

public sealed class TaskHandlerTests
{
    [Fact]
    public async Task Sleep_WaitsForPayloadMillisecondsOnInjectedClock()
    {
        var time = new FakeTimeProvider();
        var sleeping = new SleepTaskHandler(time).ExecuteAsync("250"u8.ToArray(), CancellationToken.None).AsTask();

        time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.False(sleeping.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Empty(await sleeping.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("3600001")]
    public async Task SleepAndSpin_BadPayload_ThrowNamingAllowedRange(string payload)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(payload);

        var sleep = await Assert.ThrowsAsync<ArgumentException>(() => new SleepTaskHandler(TimeProvider.System).ExecuteAsync(bytes, default).AsTask());
        var spin = await Assert.ThrowsAsync<ArgumentException>(() => new SpinTaskHandler(TimeProvider.System).ExecuteAsync(bytes, default).AsTask());

        Assert.Equal($"sleep: payload '{payload}' is not valid; allowed: milliseconds as ASCII digits, 0-3600000", sleep.Message);
        Assert.StartsWith("spin: ", spin.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EchoAndCrc32_ReturnPayloadAndLittleEndianCrc()
    {
        var payload = "123456789"u8.ToArray();

        Assert.Equal(payload, await new EchoTaskHandler().ExecuteAsync(payload, default));
        Assert.Equal([0x26, 0x39, 0xF4, 0xCB], await new Crc32TaskHandler().ExecuteAsync(payload, default));
    }

    [Fact]
    public void Registry_DuplicateName_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new TaskHandlerRegistry([new EchoTaskHandler(), new EchoTaskHandler()]));

        Assert.Contains("two task handlers are named 'echo'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("q1:42", "q1")]
    [InlineData("a:b:7", null)]
    [InlineData("q1:", null)]
    [InlineData(":5", null)]
    [InlineData("q1:-5", null)]
    public void TaskIds_QueueOf_ParsesOnlyWellFormedIds(string id, string? queue) => Assert.Equal(queue, TaskIds.QueueOf(id));
}
