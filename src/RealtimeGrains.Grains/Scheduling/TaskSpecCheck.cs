using System.Globalization;

namespace RealtimeGrains.Scheduling;

/// <summary>Checks a submitted spec before anything is accepted; each problem has its own exception type.</summary>
internal static class TaskSpecCheck
{
    /// <exception cref="UnknownHandlerException">The handler is not registered.</exception>
    /// <exception cref="InvalidTaskException">Payload too large, bad cost, attempts or timeout.</exception>
    public static void Validate(string queue, TaskSpec? spec, TaskHandlerRegistry handlers, int maxPayloadBytes)
    {
        if (spec is null)
        {
            throw new InvalidTaskException($"queue '{queue}': the task spec is missing");
        }

        handlers.Get(spec.Handler ?? ""); // throws UnknownHandlerException, naming the registered handlers

        var payload = spec.Payload?.Length ?? 0;
        if (spec.Payload is null || payload > maxPayloadBytes)
        {
            throw new InvalidTaskException(spec.Payload is null
                ? "payload is missing; use an empty payload instead"
                : string.Create(CultureInfo.InvariantCulture, $"payload of {payload} bytes is over the limit of {maxPayloadBytes} bytes (RealtimeGrains:Scheduler:MaxPayloadBytes)"));
        }

        if (spec.EstimatedCostMs is { } cost && !(cost >= 0 && double.IsFinite(cost)))
        {
            throw new InvalidTaskException(string.Create(CultureInfo.InvariantCulture, $"EstimatedCostMs = '{cost}' is not valid; allowed: a finite number of milliseconds >= 0, or none"));
        }

        if (spec.MaxAttempts is < 1 or > QueueLimits.MaxAttempts)
        {
            throw new InvalidTaskException(string.Create(CultureInfo.InvariantCulture, $"MaxAttempts = '{spec.MaxAttempts}' is not valid; allowed: 1-{QueueLimits.MaxAttempts}"));
        }

        if (spec.RequestId is { Length: 0 or > QueueLimits.MaxRequestIdLength } requestId)
        {
            throw new InvalidTaskException(string.Create(CultureInfo.InvariantCulture,
                $"RequestId of {requestId.Length} characters is not valid; allowed: 1-{QueueLimits.MaxRequestIdLength} characters, or none"));
        }

        if (spec.TimeoutMs is < 1 or > QueueLimits.MaxTimeoutMs)
        {
            throw new InvalidTaskException(string.Create(CultureInfo.InvariantCulture, $"TimeoutMs = '{spec.TimeoutMs}' is not valid; allowed: 1-{QueueLimits.MaxTimeoutMs}"));
        }
    }
}
