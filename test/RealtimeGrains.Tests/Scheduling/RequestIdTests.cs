using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Tests.Scheduling;

public sealed class RequestIdTests
{
    private static readonly SchedulerOptions Options = new() { RequestIdWindow = 3 };

    private static TaskSpec Spec(string? requestId) => new() { Handler = "echo", RequestId = requestId };

    [Fact]
    public void AcceptedFor_KnownUntilPushedOutOfTheWindow()
    {
        var queue = new TaskQueue("q", Options);
        var first = queue.Accept(Spec("a"), TestTasks.T0).Id;
        queue.Accept(Spec(null), TestTasks.T0);
        queue.Accept(Spec("b"), TestTasks.T0);
        queue.Accept(Spec("c"), TestTasks.T0);

        Assert.Equal(first, queue.AcceptedFor("a"));
        queue.Accept(Spec("d"), TestTasks.T0);

        Assert.Null(queue.AcceptedFor("a"));
        Assert.NotNull(queue.AcceptedFor("b"));
        Assert.Null(queue.AcceptedFor(null));
    }

    [Fact]
    public void CountNew_RepeatsAndKnownIdsAreNotNew()
    {
        var queue = new TaskQueue("q", Options);
        queue.Accept(Spec("known"), TestTasks.T0);

        Assert.Equal(3, queue.CountNew([Spec("known"), Spec("x"), Spec("x"), Spec(null), Spec(null)]));
    }

    [Fact]
    public void Snapshot_KeepsTheWindowForTheNextActivation()
    {
        var queue = new TaskQueue("q", Options);
        var id = queue.Accept(Spec("a"), TestTasks.T0).Id;

        var restored = new TaskQueue("q", Options, TestTasks.Stored(queue.State));

        Assert.Equal(id, restored.AcceptedFor("a"));
    }

    [Fact]
    public void ZeroWindow_RemembersNothing()
    {
        var queue = new TaskQueue("q", new SchedulerOptions { RequestIdWindow = 0 });
        queue.Accept(Spec("a"), TestTasks.T0);

        Assert.Null(queue.AcceptedFor("a"));
        Assert.Empty(queue.State.Requests);
    }
}
