using System.Globalization;

namespace RealtimeGrains.SystemTests.Processing;

/// <summary>Silo settings of a <c>task</c> stream (every event an echo task on a queue) whose outcomes go to a results stream.</summary>
internal static class TaskStreams
{
    public static Dictionary<string, string> Settings(string jobs, int jobPartitions, string results, int resultPartitions, int retain, string queue) => new()
    {
        [$"RealtimeGrains__Streaming__Streams__{jobs}__Processor"] = "task",
        [$"RealtimeGrains__Streaming__Streams__{jobs}__Partitions"] = jobPartitions.ToString(CultureInfo.InvariantCulture),
        [$"RealtimeGrains__Streaming__Streams__{jobs}__Output"] = results,
        [$"RealtimeGrains__Streaming__Streams__{jobs}__Settings__Queue"] = queue,
        [$"RealtimeGrains__Streaming__Streams__{jobs}__Settings__Handler"] = "echo",
        [$"RealtimeGrains__Streaming__Streams__{results}__Processor"] = "none",
        [$"RealtimeGrains__Streaming__Streams__{results}__Partitions"] = resultPartitions.ToString(CultureInfo.InvariantCulture),
        [$"RealtimeGrains__Streaming__Streams__{results}__Retain"] = retain.ToString(CultureInfo.InvariantCulture),
    };
}
