using System.Diagnostics;
using RealtimeGrains.SystemTests.Infrastructure;
using Xunit.Abstractions;

namespace RealtimeGrains.SystemTests.Failover;

public sealed class RedisFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Silo_RedisUnreachable_ExitsOneWithLineNamingEndpointWithinBound()
    {
        var port = FreePorts.Next();
        var clock = Stopwatch.StartNew();
        await using var silo = SiloProcess.Start(
            settings: new Dictionary<string, string>
            {
                ["RealtimeGrains__Redis__ConnectionString"] = $"127.0.0.1:{port}",
                ["RealtimeGrains__Redis__ConnectTimeoutMs"] = "1000",
            },
            args: ["--config", RepoPaths.SiloConfig("cluster-redis.json")]);

        var exit = await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));

        output.WriteLine($"exited {exit} after {clock.ElapsedMilliseconds} ms: {silo.Log}");
        Assert.Equal(1, exit);
        var line = Assert.Single(silo.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"rtg-silo: failed to start: Redis at 127.0.0.1:{port} (RealtimeGrains:Redis:ConnectionString) did not answer within 1000 ms", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_RedisClusteringWithoutConnectionString_ExitsTwoNamingKey()
    {
        await using var silo = SiloProcess.Start(
            settings: new Dictionary<string, string> { ["RealtimeGrains__Silo__Clustering"] = "redis" });

        var exit = await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exit);
        Assert.Contains("rtg-silo: configuration error: RealtimeGrains:Redis:ConnectionString = '' is not valid; allowed: a Redis connection string", silo.Log, StringComparison.Ordinal);
        Assert.Contains("because RealtimeGrains:Silo:Clustering is redis", silo.Log, StringComparison.Ordinal);
    }
}
