using System.CommandLine;

namespace RealtimeGrains.Cli.Commands;

/// <summary>Options the stream commands share.</summary>
internal static class StreamOptions
{
    public static Option<string> Stream() => new("--stream", "-s") { Description = "Declared stream name", DefaultValueFactory = _ => "events" };

    public static Option<string> Key(bool required = true) => new("--key", "-k") { Description = "Event key", Required = required };
}
