using System.Collections.Concurrent;
using System.Threading.Channels;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Tests.Streaming.Producer;

/// <summary>
/// One producer partition driven directly: the test plays the partition grain, answering each send with its
/// acknowledgement on its own thread as soon as it is made.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class PartitionLoopConcurrencyTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Append_OnlyOutstandingBatchAckedWhileNextIsSealed_EveryEventSealedOnceAndAcknowledged()
    {
        // Window of one and one event per batch: every seal reads the outbox while the acknowledgement of the
        // one batch in it is on its way from the acking thread, the moment at which an ack empties the outbox.
        const int events = 50_000;
        var options = new ProducerOptions { MaxBatchEvents = 1, MaxInFlightPerPartition = 1 };
        var transport = new RecordingTransport();
        await using var harness = new PartitionLoopHarness(options, transport);
        using var stop = new CancellationTokenSource();
        var acking = Task.Run(() => AckEverySentBatch(transport, stop.Token));

        var sealedEvents = 0;
        var acknowledgedUpTo = new List<long>(events);

        try
        {
            for (var i = 0; i < events; i++)
            {
                await harness.Loop.AppendAsync("kx"u8.ToArray(), 1, default).AsTask().WaitAsync(Wait);
                var batch = await transport.Batches.Reader.ReadAsync().AsTask().WaitAsync(Wait);
                // The event sealed no batch ahead of its own, and sealed its own.
                Assert.Equal(i + 1L, batch.Sequence);
                Assert.Equal(1, batch.Count);
                sealedEvents += batch.Count;
                acknowledgedUpTo.Add(batch.AcknowledgedUpTo);
            }

            await harness.Loop.FlushAsync().WaitAsync(Wait);
        }
        finally
        {
            await stop.CancelAsync();
            await acking;
        }

        var statistics = harness.Counters.Snapshot(harness.Loop.InFlight);
        Assert.Equal(events, sealedEvents);
        Assert.Equal(events, statistics.BatchesSealed);
        Assert.Equal(events, statistics.BatchesAcked);
        Assert.Equal(events, statistics.EventsAcked);
        Assert.Equal(0, harness.Loop.InFlight);
        // Batch n is sealed after n-1 was sent: n-2 was acknowledged for sure, n-1 perhaps.
        Assert.All(acknowledgedUpTo.Select((upTo, i) => (Sequence: i + 1L, UpTo: upTo)), b => Assert.InRange(b.UpTo, Math.Max(0, b.Sequence - 2), b.Sequence - 1));
    }

    private static void AckEverySentBatch(RecordingTransport transport, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (transport.Unanswered.TryDequeue(out var answer))
            {
                answer.SetResult(null);
            }
            else
            {
                Thread.SpinWait(1);
            }
        }
    }

    private sealed class RecordingTransport : IBatchTransport
    {
        public ConcurrentQueue<TaskCompletionSource<BatchRejection?>> Unanswered { get; } = new();

        public Channel<StreamBatch> Batches { get; } = Channel.CreateUnbounded<StreamBatch>();

        public Task<BatchRejection?> SendAsync(StreamBatch batch, CancellationToken cancellationToken)
        {
            var answer = new TaskCompletionSource<BatchRejection?>();
            Batches.Writer.TryWrite(batch);
            Unanswered.Enqueue(answer);
            return answer.Task;
        }
    }
}
