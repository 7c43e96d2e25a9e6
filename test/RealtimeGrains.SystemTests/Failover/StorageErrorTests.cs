using Microsoft.Extensions.DependencyInjection;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Scheduling;
using RealtimeGrains.SystemTests.Infrastructure;
using Xunit.Abstractions;

namespace RealtimeGrains.SystemTests.Failover;

/// <summary>
/// Redis stops under a connected client: what the client gets back is a RealtimeGrains exception naming the
/// call and the storage error, never a type only the silo has (a storage provider's or StackExchange.Redis').
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class StorageErrorTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RedisStoppedUnderClient_CallsFailWithStorageUnavailable_NotServerTypes()
    {
        await using var redis = await RedisServer.StartPersistentAsync();
        await using var cluster = await RedisCluster.StartAsync(redis, "storage-errors", 1);
        await using var connection = await cluster.ConnectAsync();
        var tasks = connection.Services.GetRequiredService<TaskClient>();
        await tasks.CreateQueueAsync("before", "fcfs", concurrency: 1);
        await tasks.SubmitAsync("before", Echo());

        await redis.KillAsync();
        var failures = new[]
        {
            await Record.ExceptionAsync(() => tasks.SubmitAsync("before", Echo())),
            await Record.ExceptionAsync(() => tasks.CreateQueueAsync("after", "fcfs", concurrency: 1)),
            await Record.ExceptionAsync(() => new StreamQueries(connection.Client).GetKeyAsync("events", "never-seen")),
        };

        foreach (var failure in failures)
        {
            output.WriteLine($"{failure?.GetType().FullName}: {failure?.Message}");
        }

        Assert.All(failures, f =>
        {
            var storage = Assert.IsType<StorageUnavailableException>(f);
            Assert.IsAssignableFrom<RealtimeGrainsException>(storage);
            Assert.Contains("storage failed", storage.Message, StringComparison.Ordinal);
            Assert.Contains("Redis", storage.Message, StringComparison.Ordinal);
        });
    }

    private static TaskSpec Echo() => new() { Handler = "echo", Payload = [1] };
}
