using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Tests.Streaming.Producer;

[Trait("Tier", "Unit")]
public sealed class PartitionLoopTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static ProducerOptions OneByOne(TimeSpan? ackTimeout = null) =>
        new() { MaxBatchEvents = 1, MaxInFlightPerPartition = 1, AckTimeout = ackTimeout ?? TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task SendAsync_RefusedForCrcMismatch_ResendsTheSameBatchAtOnce()
    {
        await using var harness = new PartitionLoopHarness(OneByOne());
        await harness.AppendAsync("a").WaitAsync(Wait);
        var first = await harness.Fake.NextAsync("the first send");

        first.Reject(BatchRejectReason.CrcMismatch);
        var again = await harness.Fake.NextAsync("a resend after the rejection");

        Assert.Same(first.Batch, again.Batch);
        Assert.Equal(1, harness.Counters.Snapshot(0).BatchesResent);
    }

    [Fact]
    public async Task SendAsync_RefusedOutOfWindow_WaitsForTheTimeoutInsteadOfResending()
    {
        await using var harness = new PartitionLoopHarness(OneByOne());
        await harness.AppendAsync("a").WaitAsync(Wait);
        var first = await harness.Fake.NextAsync("the first send");

        first.Reject(BatchRejectReason.OutOfWindow);
        await PartitionLoopHarness.WaitUntilAsync(() => harness.Counters.Snapshot(0).Rejections == 1, "the refusal taken by the loop");
        // The loop pumps after every round of commands: once a later event is held back, a resend at once would have been sent.
        _ = harness.AppendAsync("b");
        await PartitionLoopHarness.WaitUntilAsync(() => !harness.Loop.HasRoom, "the next event held back by the full window");

        Assert.False(harness.Fake.TryNext(out _), "an out-of-window batch is not resent at once");
        Assert.Equal(0, harness.Counters.Snapshot(0).BatchesResent);
    }

    [Fact]
    public async Task AckTimeout_NoAcknowledgement_ResendsAfterTheTimeout()
    {
        var timeout = TimeSpan.FromSeconds(1);
        await using var harness = new PartitionLoopHarness(OneByOne(timeout));
        await harness.AppendAsync("a").WaitAsync(Wait);
        var first = await harness.Fake.NextAsync("the first send");

        var (again, after) = await harness.AdvanceUntilSentAsync(TimeSpan.FromMilliseconds(100), "a resend after the ack timeout");

        Assert.Same(first.Batch, again.Batch);
        // The loop arms its timer on its own thread, possibly after some steps: never early, late by a few steps at most.
        Assert.InRange(after, timeout, timeout * 5);
        Assert.Equal(1, harness.Counters.Snapshot(0).BatchesResent);
    }

    [Fact]
    public async Task SendAsync_SiloLost_ResendsAfterBackoff()
    {
        await using var harness = new PartitionLoopHarness(OneByOne());
        await harness.AppendAsync("a").WaitAsync(Wait);
        var first = await harness.Fake.NextAsync("the first send");
        first.Done.SetException(new SiloUnavailableException("silo gone"));

        var (again, after) = await harness.AdvanceUntilSentAsync(TimeSpan.FromMilliseconds(5), "a resend after the lost silo");

        Assert.Same(first.Batch, again.Batch);
        // Jittered exponential backoff: not at once (the first look is before any step), at most the 2 s cap.
        Assert.InRange(after, TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(2));
        Assert.Equal(1, harness.Counters.Snapshot(0).BatchesResent);
    }

    [Fact]
    public async Task Transmit_AttemptsExhausted_FailsTheProducerNamingTheBatch()
    {
        var options = OneByOne(TimeSpan.FromMilliseconds(100));
        options.MaxAttempts = 2;
        await using var harness = new PartitionLoopHarness(options);
        await harness.AppendAsync("a").WaitAsync(Wait);
        await harness.Fake.NextAsync("the first send");
        await harness.AdvanceUntilSentAsync(TimeSpan.FromMilliseconds(20), "the second send");

        var drained = harness.Loop.FlushAsync();
        await PartitionLoopHarness.WaitUntilAsync(() => { harness.Time.Advance(TimeSpan.FromMilliseconds(20)); return harness.Failure is not null; }, "the producer failed");
        await drained.WaitAsync(Wait);

        Assert.Equal("batch 1 of stream 'events' partition 0 (1 events) was not acknowledged after 2 sends", harness.Failure);
        Assert.Equal(0, harness.Loop.InFlight);
    }

    [Fact]
    public async Task Append_WindowOfOne_SendsInSequenceOrderEachAfterThePreviousAck()
    {
        const int batches = 5;
        await using var harness = new PartitionLoopHarness(OneByOne());
        var appends = Enumerable.Range(1, batches).Select(i => harness.AppendAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();

        for (var sequence = 1L; sequence <= batches; sequence++)
        {
            var send = await harness.Fake.NextAsync($"batch {sequence}");
            Assert.Equal(sequence, send.Batch.Sequence);
            // A full window holds one sealed batch back: batch n is sealed while n-1 is in flight or once it is acknowledged.
            Assert.InRange(send.Batch.AcknowledgedUpTo, Math.Max(0, sequence - 2), sequence - 1);
            Assert.Equal(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), Payload(send.Batch));
            Assert.False(harness.Fake.TryNext(out _), "nothing else is sent while a batch is in flight");
            send.Ack();
        }

        await Task.WhenAll(appends).WaitAsync(Wait);
        await harness.Loop.FlushAsync().WaitAsync(Wait);
        Assert.Equal(batches, harness.Counters.Snapshot(0).EventsAcked);
    }

    [Fact]
    public async Task AppendAsync_SealedBatchWaitsForWindow_WaitsUntilTheAck()
    {
        await using var harness = new PartitionLoopHarness(OneByOne());
        await harness.AppendAsync("a").WaitAsync(Wait);
        var first = await harness.Fake.NextAsync("the first send");

        await harness.AppendAsync("b").WaitAsync(Wait);
        await PartitionLoopHarness.WaitUntilAsync(() => !harness.Loop.HasRoom, "the second batch held back by the full window");
        var third = harness.AppendAsync("c");
        Assert.False(third.IsCompleted, "a publisher waits while a full batch waits for a window slot");
        Assert.Equal(1, harness.Loop.InFlight);

        first.Ack();
        var second = await harness.Fake.NextAsync("the second send");
        Assert.Equal(2, second.Batch.Sequence);
        Assert.False(third.IsCompleted, "the third event's batch waits for the second's slot");

        second.Ack();
        await third.WaitAsync(Wait);
        Assert.Equal(3, (await harness.Fake.NextAsync("the third send")).Batch.Sequence);
    }

    [Fact]
    public async Task FlushAsync_OpenBatch_SealsItAndCompletesOnceAcknowledged()
    {
        await using var harness = new PartitionLoopHarness(new ProducerOptions { MaxBatchEvents = 10, Linger = TimeSpan.FromSeconds(10) });
        await Task.WhenAll(harness.AppendAsync("a"), harness.AppendAsync("b"), harness.AppendAsync("c")).WaitAsync(Wait);

        var drained = harness.Loop.FlushAsync();
        var send = await harness.Fake.NextAsync("the flushed batch");
        Assert.Equal(3, send.Batch.Count);
        Assert.False(drained.IsCompleted, "a flush waits for the acknowledgement");

        send.Ack();
        await drained.WaitAsync(Wait);
        Assert.Equal(0, harness.Loop.InFlight);
    }

    [Fact]
    public async Task Linger_FirstEventWaitedOut_SealsTheOpenBatch()
    {
        await using var harness = new PartitionLoopHarness(new ProducerOptions { MaxBatchEvents = 10, Linger = TimeSpan.FromMilliseconds(50) });
        await harness.AppendAsync("a").WaitAsync(Wait);

        var (send, after) = await harness.AdvanceUntilSentAsync(TimeSpan.FromMilliseconds(10), "the lingered batch");

        Assert.Equal(1, send.Batch.Count);
        Assert.InRange(after, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2));
    }

    private static string Payload(StreamBatch batch)
    {
        var reader = new EventReader(batch.Events);
        Assert.True(reader.TryRead(out _, out var payload));
        return System.Text.Encoding.UTF8.GetString(payload);
    }
}
