using RealtimeGrains.Hosting;
using RealtimeGrains.Partitioning;

namespace RealtimeGrains.Streaming;

/// <summary>One declared stream in configuration (<c>RealtimeGrains:Streaming:Streams:{name}</c>).</summary>
public sealed class StreamDeclaration
{
    public string Processor { get; set; } = "count";

    public int Buckets { get; set; } = 4096;

    public int Partitions { get; set; } = 16;

    /// <summary><c>hash</c> or <c>range</c>.</summary>
    public string Partitioning { get; set; } = "hash";

    /// <summary>Range partitioning: Partitions-1 ascending boundaries.</summary>
    public IList<string> Boundaries { get; } = [];

    public int MaxKeyBytes { get; set; } = 1024;

    public int MaxPayloadBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// A key not updated for this long is removed (its removal is checkpointed like any change), in ms; 0 (the
    /// default) keeps keys for ever. Expiry passes run every quarter of it (0.25-10 s), so a key goes within
    /// about 1.25 times the TTL. Time is kept in whole seconds.
    /// </summary>
    public long KeyTtlMs { get; set; }

    /// <summary>The declared stream a processor's <c>Emit</c> sends to (its output stream), if any.</summary>
    public string? Output { get; set; }

    /// <summary>
    /// Events retained per key for subscribers (<c>rtg watch</c>, <c>SubscribeAsync</c>), each with a per-key
    /// sequence. Unset: 100 when another stream names this one as its <c>Output</c>, else 0 (nothing retained).
    /// </summary>
    public int? Retain { get; set; }

    /// <summary>How far the partition's watermark stays behind the newest event time, in ms (events older than it are late).</summary>
    public long AllowedLatenessMs { get; set; }

    /// <summary>After this long without events a partition's watermark follows processing time (so windows close when input stops), in ms.</summary>
    public long WatermarkIdleMs { get; set; } = 1_000;

    /// <summary>Windowed aggregates of the <c>window</c> processor (required with it, refused without it).</summary>
    public Windows.WindowDeclaration? Window { get; set; }

    /// <summary>Settings the stream's processor reads (<c>KeyContext.Stream.Settings</c>), such as the <c>task</c> processor's <c>Queue</c> and <c>Handler</c>.</summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The definition producers and partition grains use.</summary>
    public StreamDefinition ToDefinition(string name, bool isOutput = false) => new()
    {
        Name = name,
        Processor = Processor,
        Buckets = Buckets,
        Partitions = Partitions,
        Partitioning = string.Equals(Partitioning, "range", StringComparison.OrdinalIgnoreCase) ? PartitioningKind.Range : PartitioningKind.Hash,
        Boundaries = [.. Boundaries],
        MaxKeyBytes = MaxKeyBytes,
        MaxPayloadBytes = MaxPayloadBytes,
        KeyTtlMs = KeyTtlMs,
        Output = string.IsNullOrEmpty(Output) ? null : Output,
        Retain = Retain ?? (isOutput ? DefaultRetain : 0),
        AllowedLatenessMs = AllowedLatenessMs,
        WatermarkIdleMs = WatermarkIdleMs,
        Settings = new Dictionary<string, string>(Settings, StringComparer.Ordinal),
    };

    /// <summary>Events retained per key by an output stream that does not say.</summary>
    public const int DefaultRetain = 100;

    internal void Validate(string key, string name, List<string> errors, IReadOnlyCollection<string>? declared = null)
    {
        if (name.Length == 0 || name.Length > 128 || name.StartsWith("rtg.", StringComparison.Ordinal) || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            errors.Add(OptionCheck.Error(key, name, "a stream name of 1-128 ASCII letters, digits, '-', '_' or '.', not starting with 'rtg.'"));
        }

        OptionCheck.OneOf(errors, $"{key}:Partitioning", Partitioning, "hash", "range");
        OptionCheck.Range(errors, $"{key}:MaxKeyBytes", MaxKeyBytes, 1, 64 * 1024);
        OptionCheck.Range(errors, $"{key}:MaxPayloadBytes", MaxPayloadBytes, 0, 256 * 1024);
        if (KeyTtlMs != 0)
        {
            OptionCheck.Range(errors, $"{key}:KeyTtlMs", KeyTtlMs, 1_000, 10L * 365 * 24 * 3600 * 1000);
        }
        if (Retain is { } retain)
        {
            OptionCheck.Range(errors, $"{key}:Retain", retain, 0, 10_000);
        }

        OptionCheck.Range(errors, $"{key}:AllowedLatenessMs", AllowedLatenessMs, 0, 24L * 3600 * 1000);
        var windowed = string.Equals(Processor, "window", StringComparison.Ordinal);
        if (windowed && Window is null)
        {
            errors.Add($"{key}:Window: the window processor needs a Window declaration (Kind, SizeMs, Aggregates, ...)");
        }
        else if (!windowed && Window is not null)
        {
            errors.Add($"{key}:Window: only the window processor reads a Window declaration; this stream's processor is '{Processor}'");
        }

        Window?.Validate($"{key}:Window", errors, declared);
        if (windowed && string.IsNullOrEmpty(Output))
        {
            errors.Add($"{key}:Output: the window processor sends its results to an output stream; declare one");
        }

        if (string.Equals(Processor, "threshold", StringComparison.Ordinal))
        {
            if (!Settings.TryGetValue("Above", out var above) || !double.TryParse(above, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                errors.Add(OptionCheck.Error($"{key}:Settings:Above", Settings.TryGetValue("Above", out var a) ? a : null, "the number the watched field is compared with"));
            }

            if (Settings.TryGetValue("Field", out var field) && Processors.ThresholdProcessor.Fields.All(f => !string.Equals(f, field, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add(OptionCheck.Error($"{key}:Settings:Field", field, $"one of {string.Join(", ", Processors.ThresholdProcessor.Fields)}"));
            }
        }
        if (string.Equals(Processor, "task", StringComparison.Ordinal))
        {
            if (!Settings.TryGetValue("Queue", out var queue) || !Scheduling.TaskIds.IsValidQueueName(queue))
            {
                errors.Add(OptionCheck.Error($"{key}:Settings:Queue", Settings.TryGetValue("Queue", out var q) ? q : null, "the queue the task processor submits to (1-100 letters, digits, '-', '_', '.')"));
            }

            if (!Settings.TryGetValue("Handler", out var handler) || string.IsNullOrWhiteSpace(handler))
            {
                errors.Add(OptionCheck.Error($"{key}:Settings:Handler", null, "the task handler the task processor submits to"));
            }
        }
        OptionCheck.Range(errors, $"{key}:WatermarkIdleMs", WatermarkIdleMs, 10, 3600L * 1000);
        try
        {
            ToDefinition(name).CreatePartitioner();
        }
        catch (ArgumentException ex)
        {
            errors.Add($"{key}: {ex.Message.Split(" (Parameter", 2)[0]}");
        }
    }
}
