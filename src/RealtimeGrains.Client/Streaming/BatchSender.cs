using Polly;
using Polly.Retry;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.Client.Telemetry;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>
/// The one retry policy of a batch send (a Polly pipeline): a send that fails because a silo or gateway is gone
/// (<see cref="SiloLoss"/>) is tried again with exponential backoff and jitter while the batch has attempts left,
/// and a full queue (back-pressure) is waited out the same way without spending one. <see cref="SiloLossRetryFilter"/>
/// leaves these calls alone; resends for rejections and ack timeouts are the outbox's, on the same attempt count.
/// </summary>
internal sealed class BatchSender
{
    private static readonly ResiliencePropertyKey<BatchSendAttempts> AttemptsKey = new("rtg.batch-send.attempts");
    private readonly IBatchTransport _transport;
    private readonly ProducerCounters _counters;
    private readonly ResiliencePipeline<bool> _pipeline;

    public BatchSender(IBatchTransport transport, ProducerCounters counters, TimeProvider time)
    {
        _transport = transport;
        _counters = counters;
        _pipeline = new ResiliencePipelineBuilder<bool> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<bool>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } error
                    ? SiloLoss.Is(error) && args.Context.Properties.GetValue(AttemptsKey, null!).Left > 0
                    : !args.Outcome.Result),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(10),
                MaxDelay = TimeSpan.FromSeconds(2),
                MaxRetryAttempts = int.MaxValue,
            })
            .Build();
    }

    /// <summary>Sends one batch (<paramref name="batch"/> gives it for each send: fault injection may alter one); throws what the last send threw.</summary>
    public async Task SendAsync(Func<StreamBatch> batch, BatchSendAttempts attempts, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(AttemptsKey, attempts);
        try
        {
            await _pipeline.ExecuteAsync(static (_, state) => state.Sender.SendOnceAsync(state.Batch(), state.Attempts), context, (Sender: this, Batch: batch, Attempts: attempts))
                .ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<bool> SendOnceAsync(StreamBatch batch, BatchSendAttempts attempts)
    {
        if (attempts.Start())
        {
            _counters.Resent();
            ProducerMetrics.BatchesResent.Add(1, new KeyValuePair<string, object?>("stream", batch.Stream));
        }

        var accepted = await _transport.SendAsync(batch).ConfigureAwait(false);
        if (!accepted)
        {
            attempts.Refund();
        }

        return accepted;
    }
}
