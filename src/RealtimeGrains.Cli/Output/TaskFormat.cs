using System.Globalization;
using System.Text;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Cli.Output;

/// <summary>How tasks and queues look in tables.</summary>
internal static class TaskFormat
{
    public static readonly IReadOnlyList<string> TaskHeader =
        ["ID", "HANDLER", "PRIORITY", "COST", "STATUS", "SUBMITTED", "STARTED", "COMPLETED", "WAIT", "RUN", "ATTEMPTS"];

    public static IReadOnlyList<string> TaskRow(TaskInfo t) =>
    [
        t.Id,
        t.Handler,
        t.Priority.ToString(CultureInfo.InvariantCulture),
        t.EstimatedCostMs is { } cost ? Ms(cost) : "-",
        t.Status.ToString(),
        Time(t.SubmittedAt),
        Time(t.FirstStartedAt),
        Time(t.CompletedAt),
        t.WaitMs is { } wait ? Ms(wait) : "-",
        t.RunMs is { } run ? Ms(run) : "-",
        t.Attempts.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>UTC time of day with milliseconds.</summary>
    public static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) ?? "-";

    public static string Ms(double ms) => ms.ToString("0.#", CultureInfo.InvariantCulture) + " ms";

    /// <summary>A result as text when it is printable UTF-8, otherwise as hex.</summary>
    public static string Result(byte[]? result)
    {
        if (result is null)
        {
            return "-";
        }

        if (result.Length == 0)
        {
            return "(empty)";
        }

        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(result);
            if (text.All(c => !char.IsControl(c) || c is '\n' or '\t'))
            {
                return text;
            }
        }
        catch (DecoderFallbackException)
        {
        }

        return "0x" + Convert.ToHexString(result);
    }
}
