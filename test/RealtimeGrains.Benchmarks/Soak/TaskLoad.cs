using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Benchmarks.Soak;

/// <summary>
/// Submits echo tasks to one FCFS queue (concurrency 64) until stopped: 2 submitters, batches of 250, at most
/// about 2,000 tasks accepted and not finished, so the queue stays busy and far from its maximum length.
/// </summary>
internal sealed class TaskLoad(IClusterClient client, string queue)
{
    public const int Concurrency = 64, Batch = 250, Submitters = 2, MaxOutstanding = 2_000;

    private readonly TaskClient _tasks = new(client, TimeProvider.System);
    private readonly List<TaskSpec> _batch = [.. Enumerable.Repeat(new TaskSpec { Handler = "echo", Payload = "hello"u8.ToArray() }, Batch)];
    private long _accepted;
    private volatile bool _stopping;

    public string Queue => queue;

    /// <summary>The submitters; complete early only when a submit failed.</summary>
    public Task Running { get; private set; } = Task.CompletedTask;

    public long Accepted => Interlocked.Read(ref _accepted);

    public async Task StartAsync()
    {
        await _tasks.CreateQueueAsync(queue, SchedulingPolicies.Fcfs, Concurrency);
        Running = Task.WhenAll(Enumerable.Range(0, Submitters).Select(_ => Task.Run(SubmitAsync)));
    }

    public Task<QueueStatus> GetStatusAsync() => _tasks.GetStatusAsync(queue);

    /// <summary>Stops submitting and waits up to <paramref name="timeout"/> for every accepted task to finish.</summary>
    public async Task<QueueStatus> StopAsync(TimeSpan timeout)
    {
        _stopping = true;
        await Running;
        var deadline = DateTime.UtcNow + timeout;
        var status = await GetStatusAsync();
        while (status.Completed + status.Failed < Accepted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
            status = await GetStatusAsync();
        }

        return status;
    }

    private async Task SubmitAsync()
    {
        while (!_stopping)
        {
            var status = await GetStatusAsync();
            if (Accepted - status.Completed - status.Failed > MaxOutstanding)
            {
                await Task.Delay(2);
                continue;
            }

            var ids = await _tasks.SubmitManyAsync(queue, _batch);
            Interlocked.Add(ref _accepted, ids.Count);
        }
    }
}
