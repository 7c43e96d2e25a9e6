using RealtimeGrains.Hosting;
using RealtimeGrains.Tests.Security;

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

    [Fact]
    public void Validate_CaFileWithoutSsl_NamesTheKeysAndHidesThePassword()
    {
        using var ca = new TestAuthority();

        var errors = new RedisOptions { ConnectionString = "127.0.0.1:6380,password=s3cret,abortConnect=false", CaFile = ca.CaFile }.Validate(true, "storage");

        var error = Assert.Single(errors);
        Assert.Equal(
            "RealtimeGrains:Redis:ConnectionString = '127.0.0.1:6380,password=***,abortConnect=false' is not valid; allowed: a connection string with ssl=true, because RealtimeGrains:Redis:CaFile or CertificateFile is set",
            error);
    }

    [Fact]
    public void Validate_UnreadableCaFile_NamesTheKeys()
    {
        var ca = Path.GetTempFileName();
        try
        {
            var error = Assert.Single(new RedisOptions { ConnectionString = "127.0.0.1:6380,ssl=true", CaFile = ca }.Validate(true, "storage"));

            Assert.StartsWith($"RealtimeGrains:Redis:CaFile/CertificateFile/KeyFile = '{ca}//' is not valid; allowed: PEM certificate and key files that can be read", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(ca);
        }
    }

    [Fact]
    public void Validate_MissingCaFile_NamesTheKey()
    {
        var error = Assert.Single(new RedisOptions { ConnectionString = "127.0.0.1:6380,ssl=true", CaFile = "/nonexistent/ca.pem" }.Validate(true, "storage"));

        Assert.Equal("RealtimeGrains:Redis:CaFile = '/nonexistent/ca.pem' is not valid; allowed: an existing PEM file (not found)", error);
    }
}
