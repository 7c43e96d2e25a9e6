using System.CommandLine;
using System.Globalization;
using RealtimeGrains.Cli.Output;
using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.Cli.Commands;

/// <summary><c>rtg load</c>: N events over K keys, waits for every ack, reports throughput and ack latency.</summary>
internal static class LoadCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var stream = StreamOptions.Stream();
        var events = new Option<long>("--events", "-n") { Description = "Events to publish", DefaultValueFactory = _ => 100_000 };
        var keys = new Option<int>("--keys") { Description = "Distinct keys", DefaultValueFactory = _ => 10_000 };
        var rate = new Option<double?>("--rate") { Description = "Target events per second (default: as fast as acks allow)" };
        var payloadBytes = new Option<int>("--payload-bytes") { Description = "Payload size", DefaultValueFactory = _ => 64 };
        var corrupt = new Option<double>("--corrupt-rate") { Description = "Fault injection: fraction of batch sends with a flipped bit (0-1)" };
        var command = new Command("load", "Publish N events over K keys, wait for all acks, report throughput and ack latency")
        {
            stream, events, keys, rate, payloadBytes, corrupt,
        };
        command.SetAction((parse, ct) => RtgApp.WithClusterAsync(parse, output, error, async context =>
        {
            var plan = new StreamLoadPlan(parse.GetValue(stream)!, parse.GetValue(events), parse.GetValue(keys), parse.GetValue(rate), parse.GetValue(payloadBytes));
            var report = await StreamLoad.RunAsync(context.Client, plan, new ProducerOptions(), parse.GetValue(corrupt),
                (published, acked) => error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rtg load: {published:N0}/{plan.Events:N0} published, {acked:N0} acked")), ct);
            if (context.Json)
            {
                JsonOutput.Write(context.Out, report);
                return RtgApp.ExitOk;
            }

            TableWriter.Write(context.Out, ["SENT", "ACKED", "RESENT", "CRC FAILURES (SILO)", "EVENTS/S", "ACK P50 MS", "ACK P99 MS", "ACK MAX MS"],
            [[
                N(report.Sent), N(report.Acked), N(report.Resent), N(report.SiloCrcFailures), N(report.EventsPerSecond),
                Format.Number(report.AckP50Ms, "0.00"), Format.Number(report.AckP99Ms, "0.00"), Format.Number(report.AckMaxMs, "0.00"),
            ]]);
            return RtgApp.ExitOk;
        }, ct));
        return command;
    }

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
