namespace RealtimeGrains.Client.Streaming;

/// <summary>How an <see cref="OutputSubscriber"/>'s feeds keep their subscriptions and catch up.</summary>
public sealed class OutputSubscriberOptions
{
    /// <summary>How often each partition's subscription lease is renewed (well inside the silos' <c>OutputLeaseMs</c>).</summary>
    public TimeSpan RenewPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Outputs asked for per read when a feed fills a gap from a partition's retained outputs.</summary>
    public int ReadPageSize { get; set; } = 256;

    /// <summary>
    /// Pushed outputs a feed holds unread. Beyond it, pushes are set aside and their keys read back from the partitions'
    /// retained outputs once the reader catches up, so a slow reader bounds its memory without losing what is retained.
    /// </summary>
    public int MaxBufferedOutputs { get; set; } = 100_000;

    internal void Validate()
    {
        Check(RenewPeriod >= TimeSpan.FromMilliseconds(10) && RenewPeriod <= TimeSpan.FromMinutes(10), nameof(RenewPeriod), RenewPeriod, "10 ms - 10 min");
        Check(ReadPageSize is >= 1 and <= 10_000, nameof(ReadPageSize), ReadPageSize, "1-10000");
        Check(MaxBufferedOutputs >= 1, nameof(MaxBufferedOutputs), MaxBufferedOutputs, "at least 1");
    }

    private static void Check(bool ok, string name, object value, string allowed)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"OutputSubscriberOptions.{name} = '{value}' is not valid; allowed: {allowed}");
        }
    }
}
