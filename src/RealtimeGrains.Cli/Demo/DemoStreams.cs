using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.Cli.Demo;

/// <summary>The streams the demo uses, as the embedded default declares them; a running cluster must declare them alike.</summary>
internal static class DemoStreams
{
    public static async Task CheckAsync(IClusterClient client)
    {
        var declared = (await new StreamQueries(client).ListStreamsAsync()).ToDictionary(s => s.Name, StringComparer.Ordinal);
        Require(declared, EventsPart.Stream, "count", s => true);
        Require(declared, MetricsPart.Stream, "window", s => s.Output == MetricsPart.WindowStream);
        Require(declared, MetricsPart.WindowStream, null, s => s.Retain > 0);
    }

    private static void Require(Dictionary<string, RealtimeGrains.Streaming.StreamDefinition> declared, string name, string? processor, Func<RealtimeGrains.Streaming.StreamDefinition, bool> shape)
    {
        if (!declared.TryGetValue(name, out var stream) || (processor is not null && stream.Processor != processor) || !shape(stream))
        {
            throw new CliUsageException(
                $"the demo needs stream '{name}' declared as the embedded default declares it (silo-config/appsettings.json); " +
                (stream is null ? "this cluster does not declare it" : $"here its processor is '{stream.Processor}'"));
        }
    }
}
