using System.Globalization;
using System.Text;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Cli.Demo;

/// <summary>
/// The mixed job set every policy gets, in the same submission order: short and long <c>sleep</c> tasks with their
/// length as the SJF estimate and priorities independent of length. All submitted at once, so the queue orders them.
/// </summary>
internal static class JobSet
{
    public const int ShortMs = 40;
    public const int LongMs = 400;

    /// <summary>Running tasks per queue: few enough that jobs wait and the policies differ.</summary>
    public const int Concurrency = 2;

    /// <summary>Priority from which a job counts as urgent (the top fifth).</summary>
    public const int Urgent = 8;

    /// <summary>One round: 12 short and 6 long jobs, interleaved so FCFS meets long ones early; priorities 0-9 spread evenly.</summary>
    public static IReadOnlyList<TaskSpec> Round() =>
    [
        .. Enumerable.Range(0, 18).Select(i => Job(i % 3 == 0 ? LongMs : ShortMs, priority: (i * 7) % 10)),
    ];

    private static TaskSpec Job(int ms, int priority) => new()
    {
        Handler = "sleep",
        Payload = Encoding.ASCII.GetBytes(ms.ToString(CultureInfo.InvariantCulture)),
        EstimatedCostMs = ms,
        Priority = priority,
        TimeoutMs = 10_000,
        MaxAttempts = 5,
    };
}
