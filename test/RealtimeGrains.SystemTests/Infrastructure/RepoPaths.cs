namespace RealtimeGrains.SystemTests.Infrastructure;

/// <summary>Locates the repository and the built silo host and CLI next to this test build.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration this test assembly was built in.</summary>
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    public static string SiloDll => Built("RealtimeGrains.Silo", "RealtimeGrains.Silo.dll");

    public static string CliDll => Built("RealtimeGrains.Cli", "rtg.dll");

    public static string SiloConfig(string file) => Path.Combine(Root, "silo-config", file);

    private static string Built(string project, string dll)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} not built; build the solution first", path);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RealtimeGrains.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("RealtimeGrains.sln not found above " + AppContext.BaseDirectory);
    }
}
