using System.CommandLine;
using System.Globalization;
using RealtimeGrains.Cli.Output;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Cli.Commands;

/// <summary><c>rtg stats</c>: a stream's counters, total and per partition.</summary>
internal static class StatsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var stream = StreamOptions.Stream();
        var command = new Command("stats", "Show a stream's counters: events applied, keys held and expired, batches, CRC failures, duplicates, checkpoints and their bytes") { stream };
        command.SetAction((parse, ct) => RtgApp.WithClusterAsync(parse, output, error, async context =>
        {
            var report = await new StreamQueries(context.Client).GetStatsAsync(parse.GetValue(stream)!);
            if (context.Json)
            {
                JsonOutput.Write(context.Out, report);
                return RtgApp.ExitOk;
            }

            TableWriter.Write(context.Out, ["PARTITION", "EVENTS", "KEYS", "KEYS EXPIRED", "BATCHES", "CRC FAILURES", "MALFORMED", "DUPLICATES", "REJECTED EVENTS", "CHECKPOINTS", "BYTES/CHECKPOINT", "COMPACTIONS"],
                report.Partitions.Append(report.Total).Select(Row));
            return RtgApp.ExitOk;
        }, ct));
        return command;
    }

    private static IReadOnlyList<string> Row(PartitionStats s) =>
    [
        s.Partition < 0 ? "total" : s.Partition.ToString(CultureInfo.InvariantCulture),
        N(s.EventsApplied), N(s.Keys), N(s.KeysExpired), N(s.Batches), N(s.CrcFailures), N(s.Malformed), N(s.DuplicatesDropped), N(s.EventsRejected), N(s.Checkpoints),
        N(s.Checkpoints == 0 ? 0 : s.CheckpointBytes / s.Checkpoints), N(s.SegmentsCompacted),
    ];

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
