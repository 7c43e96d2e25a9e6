using System.Text;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.ClusterTests.Scheduling;

/// <summary>Queues, specs and waits shared by the scheduling cluster tests.</summary>
internal static class TaskTesting
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static string UniqueQueue(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static TaskClient Tasks(this ClusterFixture fixture) => new(fixture.Client, TimeProvider.System);

    public static TaskSpec Echo(string text = "x", int priority = 0, double? cost = null) =>
        new() { Handler = "echo", Payload = Encoding.UTF8.GetBytes(text), Priority = priority, EstimatedCostMs = cost };

    public static TaskSpec Sleep(int ms, int priority = 0, double? cost = null) =>
        new() { Handler = "sleep", Payload = Encoding.ASCII.GetBytes(ms.ToString(System.Globalization.CultureInfo.InvariantCulture)), Priority = priority, EstimatedCostMs = cost };

    public static async Task<IReadOnlyList<TaskInfo>> WaitAllAsync(this TaskClient tasks, IEnumerable<string> ids)
    {
        using var cancel = new CancellationTokenSource(Patience);
        var infos = new List<TaskInfo>();
        foreach (var id in ids)
        {
            infos.Add(await tasks.WaitForCompletionAsync(id, cancel.Token));
        }

        return infos;
    }

    /// <summary>Submits <paramref name="specs"/> to a paused queue with concurrency 1, resumes, and returns the ids in start order.</summary>
    public static async Task<(List<string> Submitted, List<string> Started)> RunPausedAsync(
        this TaskClient tasks, string queue, string policy, IReadOnlyList<TaskSpec> specs, double aging = 0)
    {
        await tasks.CreateQueueAsync(queue, policy, concurrency: 1, agingPerSecond: aging);
        await tasks.PauseAsync(queue);
        var ids = new List<string>();
        foreach (var spec in specs)
        {
            ids.Add(await tasks.SubmitAsync(queue, spec));
        }

        await tasks.ResumeAsync(queue);
        var infos = await tasks.WaitAllAsync(ids);
        Assert.All(infos, i => Assert.Equal(TaskState.Completed, i.Status));
        var list = await tasks.ListTasksAsync(queue);
        return (ids, list.Select(t => t.Id).ToList());
    }
}
