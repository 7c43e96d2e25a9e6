namespace RealtimeGrains.Scheduling;

/// <summary>Ranges every queue setting and task spec is checked against.</summary>
internal static class QueueLimits
{
    public const int MaxConcurrency = 100_000;
    public const int MaxLength = 10_000_000;
    public const double MaxAgingPerSecond = 1_000_000;
    public const int MaxAttempts = 100;
    public const int MaxRequestIdLength = 200;

    /// <summary>One day.</summary>
    public const int MaxTimeoutMs = 86_400_000;
}
