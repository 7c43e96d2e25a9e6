using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Scheduling;
using RealtimeGrains.SystemTests.Infrastructure;
using Xunit.Abstractions;

namespace RealtimeGrains.SystemTests.Security;

/// <summary>A cluster on a real <c>redis-server</c> that takes TLS only, asks for a client certificate and a password.</summary>
public sealed class SecureRedisTests(ITestOutputHelper output)
{
    private const string Password = "redis-pw-Zq81x";
    private const string WrongPassword = "not-the-pw-Kd42";

    [Fact]
    public async Task SecureRedis_TwoSilosAndRtg_RunEndToEnd_PasswordNeverShown()
    {
        using var certificates = DevCertificates.Create();
        await using var redis = await RedisServer.StartSecureAsync(certificates.Directory, Password);
        // Orleans' own information lines too (options, providers, connections), so more of what could leak is logged.
        await using var cluster = await RedisCluster.StartAsync(redis, "secure-redis", 2, new Dictionary<string, string> { ["Logging__LogLevel__Orleans"] = "Information" });
        await using (var connection = await cluster.ConnectAsync())
        {
            var producer = connection.Services.GetRequiredService<StreamProducer>();
            for (var i = 0; i < 1000; i++)
            {
                await producer.PublishAsync("events", "k" + (i % 20).ToString(CultureInfo.InvariantCulture), "e");
            }

            await producer.FlushAsync();
            var tasks = connection.Services.GetRequiredService<TaskClient>();
            var ids = await tasks.SubmitManyAsync("secure", [.. Enumerable.Range(0, 10).Select(i => new TaskSpec { Handler = "echo", Payload = Encoding.ASCII.GetBytes($"t{i}") })]);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var finished = await Task.WhenAll(ids.Select(id => tasks.WaitForCompletionAsync(id, timeout.Token)));
            Assert.Equal(1000, producer.Statistics.EventsAcked);
            Assert.All(finished, t => Assert.Equal(TaskState.Completed, t.Status));
        }

        var right = await RtgClusterAsync(redis, cluster, Password);
        var wrong = await RtgClusterAsync(redis, cluster, WrongPassword);
        var badSilo = await StartWithPasswordAsync(redis, cluster, WrongPassword);

        output.WriteLine(wrong.Error);
        output.WriteLine(badSilo.Line);
        Assert.True(right.ExitCode == 0, right.Error);
        Assert.Equal(2, right.Output.Split('\n').Count(l => l.Contains("Active", StringComparison.Ordinal)));
        Assert.Equal(2, wrong.ExitCode);
        var line = Assert.Single(wrong.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"rtg: no silo answered through the Redis membership table at 127.0.0.1:{redis.Port}", line, StringComparison.Ordinal);
        Assert.EndsWith("Redis refused the password or client certificate (RealtimeGrains:Redis:ConnectionString, CertificateFile)", line, StringComparison.Ordinal);
        Assert.Equal(1, badSilo.ExitCode);
        Assert.StartsWith($"rtg-silo: failed to start: Redis at 127.0.0.1:{redis.Port} (RealtimeGrains:Redis:ConnectionString) did not answer", badSilo.Line, StringComparison.Ordinal);
        Assert.Contains("Authentication", badSilo.Line, StringComparison.OrdinalIgnoreCase);
        foreach (var text in cluster.Silos.Select(s => s.Log).Concat([right.Output, right.Error, wrong.Output, wrong.Error, badSilo.Log]))
        {
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(WrongPassword, text, StringComparison.Ordinal);
        }
    }

    private static Task<ProcessRun> RtgClusterAsync(RedisServer redis, RedisCluster cluster, string password)
    {
        var environment = new Dictionary<string, string>(redis.SiloSettings())
        {
            ["RealtimeGrains__Redis__ConnectionString"] = redis.ConnectionString.Replace(Password, password, StringComparison.Ordinal),
            ["RealtimeGrains__Redis__CertificateFile"] = Path.Combine(Path.GetDirectoryName(redis.SiloSettings()["RealtimeGrains__Redis__CaFile"])!, "client.pem"),
            ["RealtimeGrains__Redis__KeyFile"] = Path.Combine(Path.GetDirectoryName(redis.SiloSettings()["RealtimeGrains__Redis__CaFile"])!, "client.key"),
            ["RealtimeGrains__Silo__ClusterId"] = cluster.ClusterId,
            ["RealtimeGrains__Silo__ServiceId"] = cluster.ServiceId,
        };
        return ProcessRun.DotnetAsync(RepoPaths.CliDll, ["cluster", "--config", RepoPaths.SiloConfig("cluster-redis.json")], TimeSpan.FromSeconds(90), environment);
    }

    private static async Task<(int ExitCode, string Line, string Log)> StartWithPasswordAsync(RedisServer redis, RedisCluster cluster, string password)
    {
        var settings = new Dictionary<string, string>(redis.SiloSettings())
        {
            ["RealtimeGrains__Redis__ConnectionString"] = redis.ConnectionString.Replace(Password, password, StringComparison.Ordinal),
            ["RealtimeGrains__Silo__ClusterId"] = cluster.ClusterId,
        };
        await using var silo = SiloProcess.Start(null, settings, "--config", RepoPaths.SiloConfig("cluster-redis.json"));
        var exit = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var line = Assert.Single(silo.Log.Split('\n'), l => l.StartsWith("rtg-silo:", StringComparison.Ordinal));
        return (exit, line, silo.Log);
    }
}
