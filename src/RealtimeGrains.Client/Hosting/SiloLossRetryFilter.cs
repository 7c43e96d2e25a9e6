using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using RealtimeGrains.Client.Resilience;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Hosting;

/// <summary>
/// Runs the client's grain calls through their retry pipeline (<see cref="RetryPipelines.GrainCalls"/>): a call that failed because a silo or gateway went
/// away (<see cref="SiloLoss"/>: rejected, connection lost, no answer over a dropped connection) is tried again with
/// exponential backoff and jitter, so a single silo loss does not reach the app. Calls are retried whole; RealtimeGrains'
/// grain methods tolerate a repeat: task runs join or return the stored outcome, and a repeated submit carries the same
/// request id (<c>TaskClient</c> gives every spec one), so the queue answers it with the task it already accepted.
/// Batch sends are left to the producer's own pipeline (<see cref="RetryPipelines.BatchSends"/>), which counts them against its attempts.
/// </summary>
internal sealed partial class SiloLossRetryFilter : IOutgoingGrainCallFilter
{
    private static readonly ResiliencePropertyKey<IOutgoingGrainCallContext> CallKey = new("rtg.grain-call");
    private readonly ResiliencePipeline<Exception?> _pipeline;

    public SiloLossRetryFilter(IOptions<RealtimeGrainsClientOptions> options, TimeProvider time, ILogger<SiloLossRetryFilter> logger) =>
        _pipeline = RetryPipelines.GrainCalls(options.Value, time, args =>
        {
            var call = args.Context.Properties.GetValue(CallKey, null!);
            var failure = args.Outcome.Exception ?? args.Outcome.Result!;
            LogRetry(logger, call.InterfaceName, call.MethodName, args.AttemptNumber + 1, failure.GetType().Name, failure.Message);
            return default;
        });

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType == typeof(IStreamIngressGrain))
        {
            await context.Invoke().ConfigureAwait(false);
            return;
        }

        var resilience = ResilienceContextPool.Shared.Get();
        resilience.Properties.Set(CallKey, context);
        try
        {
            // The last failure stays where it was: thrown again by the pipeline, or left in the call's response.
            await _pipeline.ExecuteAsync(static async (_, call) =>
            {
                await call.Invoke().ConfigureAwait(false);
                return call.Response?.Exception;
            }, resilience, context).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Interface}.{Method} attempt {Attempt} failed ({Error}: {Message}); retrying on another silo")]
    private static partial void LogRetry(ILogger logger, string @interface, string method, int attempt, string error, string message);
}
