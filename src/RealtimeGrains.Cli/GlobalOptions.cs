using System.CommandLine;

namespace RealtimeGrains.Cli;

/// <summary>Options every <c>rtg</c> command takes.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string[]> Gateway = new("--gateway")
    {
        Description = "Gateway host:port (repeatable)",
        DefaultValueFactory = _ => ["127.0.0.1:30000"],
        AllowMultipleArgumentsPerToken = false,
        Recursive = true,
    };

    public static readonly Option<string?> Config = new("--config")
    {
        Description = "A silo configuration overlay (silo-config/*.json); its gateway (or Redis, for redis clustering) and cluster id are used",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Machine-readable JSON output",
        Recursive = true,
    };
}
