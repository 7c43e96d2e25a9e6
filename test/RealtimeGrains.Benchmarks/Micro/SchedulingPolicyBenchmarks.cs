using System.ComponentModel;
using BenchmarkDotNet.Attributes;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Benchmarks.Micro;

/// <summary>
/// One dispatch and one accept at a steady number of pending tasks: take the task the policy picks, remove it, enqueue
/// it again as a new task (a new record, as an accept makes). Per operation; the baseline is a plain FIFO.
/// </summary>
[MemoryDiagnoser]
[Description("a plain Queue<T> (FIFO, no id index, no ordering) at the same number pending, the same records")]
public class SchedulingPolicyBenchmarks
{
    private const int Operations = 1_000;
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddDays(20_000);

    private ISchedulingPolicy? _policy;
    private Queue<QueuedTask>? _plain;
    private long _next;

    /// <summary>Tasks pending while the operations run.</summary>
    [Params(1_000, 100_000, 1_000_000)]
    public int Pending { get; set; }

    [GlobalSetup(Target = nameof(PlainQueue))]
    public void SetupPlain() => _plain = new Queue<QueuedTask>(Tasks());

    [GlobalSetup(Target = nameof(Fcfs))]
    public void SetupFcfs() => _policy = Fill(new FcfsPolicy());

    [GlobalSetup(Target = nameof(Sjf))]
    public void SetupSjf() => _policy = Fill(new SjfPolicy(new DurationEstimator()));

    [GlobalSetup(Target = nameof(Priority))]
    public void SetupPriority() => _policy = Fill(new PriorityPolicy(agingPerSecond: 1));

    [GlobalCleanup]
    public void Cleanup() => (_policy, _plain) = (null, null);

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public int PlainQueue()
    {
        var queue = _plain!;
        for (var i = 0; i < Operations; i++)
        {
            var task = queue.Dequeue();
            queue.Enqueue(task with { Sequence = _next++ });
        }

        return queue.Count;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public int Fcfs() => Cycle();

    [Benchmark(OperationsPerInvoke = Operations)]
    public int Sjf() => Cycle();

    [Benchmark(OperationsPerInvoke = Operations)]
    public int Priority() => Cycle();

    private int Cycle()
    {
        var policy = _policy!;
        for (var i = 0; i < Operations; i++)
        {
            var task = policy.Peek(Now)!;
            policy.Remove(task.Id);
            policy.Enqueue(task with { Sequence = _next++ });
        }

        return policy.Count;
    }

    private ISchedulingPolicy Fill(ISchedulingPolicy policy)
    {
        foreach (var task in Tasks())
        {
            policy.Enqueue(task);
        }

        return policy;
    }

    /// <summary>Pending tasks with 100 different costs and 10 priorities, in accept order.</summary>
    private IEnumerable<QueuedTask> Tasks()
    {
        var specs = Enumerable.Range(0, 100)
            .Select(i => new TaskSpec { Handler = "echo", EstimatedCostMs = i, Priority = i % 10 })
            .ToArray();
        _next = Pending;
        return Enumerable.Range(0, Pending).Select(i => new QueuedTask
        {
            Id = "task-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Sequence = i,
            Spec = specs[i % specs.Length],
            SubmittedAt = Now,
        });
    }
}
