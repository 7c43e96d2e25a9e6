using System.Globalization;

namespace RealtimeGrains.Scheduling;

/// <summary>Task ids are <c>{queue}:{sequence}</c>, so any task id leads to its queue's scheduler.</summary>
public static class TaskIds
{
    /// <summary>Longest allowed queue name.</summary>
    public const int MaxQueueNameLength = 100;

    /// <summary>Formats the id of the task accepted with <paramref name="sequence"/> by <paramref name="queue"/>.</summary>
    public static string Format(string queue, long sequence) => string.Create(CultureInfo.InvariantCulture, $"{queue}:{sequence}");

    /// <summary>The queue of a task id, or null when the id is malformed.</summary>
    public static string? QueueOf(string taskId)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        var colon = taskId.LastIndexOf(':');
        if (colon <= 0 || !long.TryParse(taskId.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return null;
        }

        var queue = taskId[..colon];
        return IsValidQueueName(queue) ? queue : null;
    }

    /// <summary>Queue names are 1-100 characters of letters, digits, '-', '_' and '.'.</summary>
    public static bool IsValidQueueName(string? queue) =>
        !string.IsNullOrEmpty(queue)
        && queue.Length <= MaxQueueNameLength
        && queue.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
