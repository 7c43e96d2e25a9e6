using RealtimeGrains.Streaming;

namespace RealtimeGrains.Tests.Streaming;

public sealed class PendingAcksTests
{
    [Fact]
    public void Add_SameBatchResentManyTimes_HeldOnce()
    {
        var pending = new PendingAcks();
        var producer = Guid.NewGuid();
        for (var resend = 0; resend < 1_000; resend++)
        {
            pending.Add(producer, 7, replyTo: null);
            pending.Add(producer, 8, replyTo: null);
        }

        pending.Add(Guid.NewGuid(), 7, replyTo: null);

        Assert.Equal(3, pending.Count);
        pending.AcknowledgeAll("events", 0);
        Assert.Equal(0, pending.Count);
    }
}
