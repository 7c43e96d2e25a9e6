using System.CommandLine;

namespace RealtimeGrains.Cli;

/// <summary>Options every <c>rtg</c> command takes.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string[]> Gateway = new("--gateway")
    {
        Description = "Gateway host:port (repeatable); wins over the gateway or Redis the silo configuration names",
        DefaultValueFactory = _ => ["127.0.0.1:30000"],
        AllowMultipleArgumentsPerToken = false,
        Recursive = true,
    };

    public static readonly Option<string?> Config = new("--config")
    {
        Description = "A silo configuration overlay (silo-config/*.json), read as a silo reads it: silo-config/appsettings.json, this file, then RealtimeGrains__* environment variables; its gateway (or Redis, for redis clustering) and cluster id are used",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Machine-readable JSON output",
        Recursive = true,
    };
}
