using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming.Windows;

namespace RealtimeGrains.Cli.Demo;

/// <summary>Everything the live view shows at one moment.</summary>
internal sealed record DemoFrame(
    TimeSpan Elapsed,
    TimeSpan Duration,
    string Phase,
    ProducerStatistics Events,
    long CrcCaught,
    long KeysHeld,
    double EventsPerSecond,
    int Windows,
    double? WindowDelayMs,
    IReadOnlyList<(string Host, WindowResult Window)> LatestWindows,
    IReadOnlyList<PolicySummary> Policies,
    IReadOnlyList<SiloShare> Silos,
    IReadOnlyList<SpeechLine> Speech,
    string? SpeechSkipped,
    KillSummary? Kill);
