namespace RealtimeGrains.Hosting;

/// <summary>
/// Finds a configuration overlay given on a command line. A relative path is tried against the working
/// directory, then each of its parents (so <c>silo-config/silo-2.json</c> works from anywhere in the
/// repository, and under <c>dotnet run --project</c>, which runs in the project's folder), then the
/// application's own folder (the silo host ships <c>silo-config/</c> next to itself).
/// </summary>
public static class ConfigFileLocator
{
    /// <summary>The full path of the file, or null when no candidate exists.</summary>
    public static string? Find(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Path.IsPathRooted(path))
        {
            return File.Exists(path) ? path : null;
        }

        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, path);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var shipped = Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(shipped) ? shipped : null;
    }
}
