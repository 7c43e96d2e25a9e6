using System.Net;
using System.Net.Sockets;
using RealtimeGrains.Cli;

namespace RealtimeGrains.ClusterTests.Cli;

/// <summary>
/// <c>rtg</c> reads environment variables after its overlay, as a silo does, and says what it asked when nothing
/// answers. Sets a process-wide environment variable, so it runs alone. (Takes about 17 s: three connection attempts
/// against a Redis that is not there.)
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ConfigurationLayerCommandTests
{
    [Fact]
    public async Task Rtg_RedisFromEnvironmentUnreachable_ErrorNamesTheRedisItAsked()
    {
        var port = ClosedPort();
        var previous = Environment.GetEnvironmentVariable("RealtimeGrains__Redis__ConnectionString");
        Environment.SetEnvironmentVariable("RealtimeGrains__Redis__ConnectionString", $"127.0.0.1:{port},connectTimeout=300,asyncTimeout=300");
        using var output = new StringWriter();
        using var error = new StringWriter();
        try
        {
            var exit = await RtgApp.RunAsync(["cluster", "--config", "silo-config/cluster-redis.json"], output, error);

            Assert.Equal(2, exit);
        }
        finally
        {
            Environment.SetEnvironmentVariable("RealtimeGrains__Redis__ConnectionString", previous);
        }

        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"rtg: no silo answered through the Redis membership table at 127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Contains("Redis did not answer there", line, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1:30000", line, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Tests that change process-wide environment variables: run after every other collection, alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "Process environment";
}
