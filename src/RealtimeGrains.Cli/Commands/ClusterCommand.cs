using System.CommandLine;
using System.Globalization;
using RealtimeGrains.Cli.Output;
using RealtimeGrains.Client.Cluster;

namespace RealtimeGrains.Cli.Commands;

/// <summary><c>rtg cluster</c>: one row per silo with status, activations, CPU and memory.</summary>
internal static class ClusterCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("cluster", "List the cluster's silos: address, status, activations, CPU %, memory, capacity weight, task load");
        command.SetAction((parse, ct) => RtgApp.WithClusterAsync(parse, output, error, WriteAsync, ct));
        return command;
    }

    public static async Task<int> WriteAsync(CommandContext context)
    {
        var silos = await new ClusterInspector(context.Client).GetSilosAsync();
        if (context.Json)
        {
            JsonOutput.Write(context.Out, new { silos });
            return RtgApp.ExitOk;
        }

        TableWriter.Write(
            context.Out,
            ["ADDRESS", "NAME", "STATUS", "ACTIVATIONS", "CPU %", "MEMORY", "CAPACITY", "TASKS/SLOTS"],
            silos.Select(s => (IReadOnlyList<string>)
            [
                s.Address,
                s.Name,
                s.Status,
                s.Activations?.ToString(CultureInfo.InvariantCulture) ?? "-",
                Format.Number(s.CpuPercent),
                Format.Bytes(s.MemoryBytes),
                Format.Number(s.Capacity),
                s.RunningTasks is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{s.RunningTasks}/{s.TaskSlots}"),
            ]));
        return RtgApp.ExitOk;
    }
}
