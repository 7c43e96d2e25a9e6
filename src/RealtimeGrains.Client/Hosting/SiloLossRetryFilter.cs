using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Messaging;

namespace RealtimeGrains.Client.Hosting;

/// <summary>
/// Retries a grain call that failed because a silo or gateway went away (rejected, connection lost,
/// no answer over a dropped connection) with capped exponential backoff, so a single silo loss does
/// not reach the app. Calls are retried whole; RealtimeGrains' grain methods tolerate a repeat:
/// batches are deduplicated, task runs join or return the stored outcome, and a repeated submit
/// carries the same request id (<c>TaskClient</c> gives every spec one), so the queue answers it with
/// the task it already accepted.
/// </summary>
internal sealed partial class SiloLossRetryFilter(IOptions<RealtimeGrainsClientOptions> options, TimeProvider time, ILogger<SiloLossRetryFilter> logger)
    : IOutgoingGrainCallFilter
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var attempts = Math.Max(1, options.Value.CallAttempts);
        var delay = options.Value.CallRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            Exception? failure;
            try
            {
                await context.Invoke().ConfigureAwait(false);
                failure = context.Response?.Exception;
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            if (failure is null)
            {
                return;
            }

            if (attempt >= attempts || !IsSiloLoss(failure))
            {
                if (context.Response?.Exception is null)
                {
                    ExceptionDispatchInfo.Throw(failure);
                }

                return;
            }

            LogRetry(logger, context.InterfaceName, context.MethodName, attempt, failure.GetType().Name, failure.Message);
            await Task.Delay(delay, time).ConfigureAwait(false);
            delay = delay * 2 < MaxDelay ? delay * 2 : MaxDelay;
        }
    }

    /// <summary>Failures that mean "the silo or gateway is gone", not "the call failed".</summary>
    internal static bool IsSiloLoss(Exception exception) => exception switch
    {
        SiloUnavailableException => true,
        OrleansMessageRejectionException => true,
        ConnectionFailedException => true,
        TimeoutException => true,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Interface}.{Method} attempt {Attempt} failed ({Error}: {Message}); retrying on another silo")]
    private static partial void LogRetry(ILogger logger, string @interface, string method, int attempt, string error, string message);
}
