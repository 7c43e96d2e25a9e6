using RealtimeGrains.Hosting;

namespace RealtimeGrains.Tests.Hosting;

public sealed class RedisOptionsTests
{
    [Fact]
    public void ToConfiguration_CommandTimeoutsUnderOrleansResponseTimeout_SoCallersSeeTheRedisError()
    {
        var configuration = new RedisOptions { ConnectionString = "127.0.0.1:6379" }.ToConfiguration();

        Assert.Equal(3000, configuration.AsyncTimeout);
        Assert.Equal(3000, configuration.SyncTimeout);
        Assert.True(configuration.AsyncTimeout < 5000);
        Assert.False(configuration.AbortOnConnectFail);
    }

    [Fact]
    public void ToConfiguration_TimeoutsInTheConnectionString_Win()
    {
        var configuration = new RedisOptions { ConnectionString = "127.0.0.1:6379,asyncTimeout=7000,syncTimeout=8000,connectTimeout=900" }
            .ToConfiguration();

        Assert.Equal(7000, configuration.AsyncTimeout);
        Assert.Equal(8000, configuration.SyncTimeout);
        Assert.Equal(900, configuration.ConnectTimeout);
    }

    [Fact]
    public void Validate_OperationTimeoutOutOfRange_NamesTheKey()
    {
        var errors = new RedisOptions { ConnectionString = "127.0.0.1:6379", OperationTimeoutMs = 10 }.Validate(true, "storage");

        Assert.Contains(errors, e => e.Contains("RealtimeGrains:Redis:OperationTimeoutMs", StringComparison.Ordinal));
    }
}
