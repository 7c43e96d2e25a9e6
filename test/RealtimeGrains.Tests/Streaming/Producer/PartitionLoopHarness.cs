using Microsoft.Extensions.Time.Testing;
using RealtimeGrains.Client.Resilience;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Client.Telemetry;

namespace RealtimeGrains.Tests.Streaming.Producer;

/// <summary>One partition loop on fake time and a fake transport, with the producer's counters and failure.</summary>
internal sealed class PartitionLoopHarness : IAsyncDisposable
{
    public PartitionLoopHarness(ProducerOptions options, IBatchTransport? transport = null)
    {
        Transport = transport ?? new FakeBatchTransport();
        var context = new ProducerContext(Guid.NewGuid(), options, Time, Transport, RetryPipelines.BatchSends(Time), Counters, new LatencyHistogram(), message => Failure = message);
        Loop = new PartitionLoop(context, "events", 0);
    }

    public FakeTimeProvider Time { get; } = new();

    public IBatchTransport Transport { get; }

    public FakeBatchTransport Fake => (FakeBatchTransport)Transport;

    public ProducerCounters Counters { get; } = new();

    public PartitionLoop Loop { get; }

    public string? Failure { get; private set; }

    /// <summary>Appends an event of key "k".</summary>
    public Task AppendAsync(string payload) => Loop.AppendAsync(System.Text.Encoding.UTF8.GetBytes("k" + payload), 1, default).AsTask();

    /// <summary>
    /// Moves fake time on in steps until the loop sends again; the loop arms its timer on its own thread, so one jump
    /// could land before the timer exists. Returns the send and how much fake time it took.
    /// </summary>
    public async Task<(FakeBatchTransport.Send Send, TimeSpan After)> AdvanceUntilSentAsync(TimeSpan step, string expected)
    {
        var started = Time.GetUtcNow();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!timeout.IsCancellationRequested)
        {
            if (Fake.TryNext(out var send))
            {
                return (send, Time.GetUtcNow() - started);
            }

            Time.Advance(step);
            await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System);
        }

        return (await Fake.NextAsync(expected), Time.GetUtcNow() - started);
    }

    /// <summary>Waits for a condition the loop brings about on its own thread.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"not within 10 s: {expected}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System);
        }
    }

    public ValueTask DisposeAsync() => Loop.DisposeAsync();
}
