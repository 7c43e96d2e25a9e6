using Polly;
using Polly.Retry;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Resilience;

/// <summary>
/// The client's retry policies, one Polly pipeline per call path, all retrying what <see cref="SiloLoss"/> calls
/// transient, with exponential backoff and jitter capped at 2 s. Every call goes through exactly one of them.
/// </summary>
internal static class RetryPipelines
{
    /// <summary>The attempts of the batch send a pipeline run is for.</summary>
    public static readonly ResiliencePropertyKey<BatchSendAttempts> SendAttempts = new("rtg.batch-send.attempts");

    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Grain calls (<see cref="SiloLossRetryFilter"/>): a call is tried up to <see cref="RealtimeGrainsClientOptions.CallAttempts"/>
    /// times, from <see cref="RealtimeGrainsClientOptions.CallRetryDelay"/>. The outcome is the exception in the call's response, if any.
    /// </summary>
    public static ResiliencePipeline<Exception?> GrainCalls(RealtimeGrainsClientOptions options, TimeProvider time, Func<OnRetryArguments<Exception?>, ValueTask> onRetry)
    {
        var builder = new ResiliencePipelineBuilder<Exception?> { TimeProvider = time };
        return options.CallAttempts <= 1 ? builder.Build() : builder.AddRetry(new RetryStrategyOptions<Exception?>
        {
            ShouldHandle = args => ValueTask.FromResult((args.Outcome.Exception ?? args.Outcome.Result) is { } failure && SiloLoss.Is(failure)),
            MaxRetryAttempts = options.CallAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.CallRetryDelay,
            MaxDelay = MaxDelay,
            OnRetry = onRetry,
        }).Build();
    }

    /// <summary>
    /// Batch sends (the producer's partition loops): a send is tried again while its batch has attempts left
    /// (<see cref="SendAttempts"/>). The outcome is the partition's answer, which the loop handles.
    /// </summary>
    public static ResiliencePipeline<BatchRejection?> BatchSends(TimeProvider time) => new ResiliencePipelineBuilder<BatchRejection?> { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions<BatchRejection?>
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } failure
                && SiloLoss.Is(failure) && args.Context.Properties.GetValue(SendAttempts, null!).Left > 0),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(10),
            MaxDelay = MaxDelay,
        }).Build();
}
