using Orleans.Concurrency;

namespace RealtimeGrains.Benchmarks.Tasks;

public interface IBaselineQueueGrain : IGrainWithStringKey
{
    Task SubmitMany(IReadOnlyList<byte[]> payloads, int concurrency);

    Task<BaselineQueueStatus> GetStatus();
}

public interface IBaselineTaskGrain : IGrainWithIntegerKey
{
    Task<byte[]> Run(byte[] payload);
}

[GenerateSerializer]
public sealed record BaselineQueueStatus([property: Id(0)] int Pending, [property: Id(1)] long Completed);

/// <summary>
/// Plain Orleans doing the same data flow as a RealtimeGrains queue: an in-memory FIFO that starts one
/// grain per task (default placement) while fewer than the concurrency limit run. No durability, no
/// policy, no retries, leases, status events, metrics or task state.
/// </summary>
[Reentrant]
internal sealed class BaselineQueueGrain : Grain, IBaselineQueueGrain
{
    private readonly Queue<byte[]> _pending = new();
    private int _concurrency;
    private int _running;
    private long _completed;
    private long _next;

    public Task SubmitMany(IReadOnlyList<byte[]> payloads, int concurrency)
    {
        _concurrency = concurrency;
        foreach (var payload in payloads)
        {
            _pending.Enqueue(payload);
        }

        Pump();
        return Task.CompletedTask;
    }

    public Task<BaselineQueueStatus> GetStatus() => Task.FromResult(new BaselineQueueStatus(_pending.Count, _completed));

    private void Pump()
    {
        while (_running < _concurrency && _pending.TryDequeue(out var payload))
        {
            _running++;
            _ = RunAsync(GrainFactory.GetGrain<IBaselineTaskGrain>(_next++), payload);
        }
    }

    private async Task RunAsync(IBaselineTaskGrain task, byte[] payload)
    {
        await task.Run(payload);
        _running--;
        _completed++;
        Pump();
    }
}

/// <summary>One activation per task: echoes the payload and deactivates, as a RealtimeGrains task grain does.</summary>
internal sealed class BaselineTaskGrain : Grain, IBaselineTaskGrain
{
    public Task<byte[]> Run(byte[] payload)
    {
        DeactivateOnIdle();
        return Task.FromResult(payload.ToArray());
    }
}
