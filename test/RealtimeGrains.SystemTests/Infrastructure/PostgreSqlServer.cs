using System.Diagnostics;
using System.Globalization;
using Npgsql;
using RealtimeGrains.Testing;

namespace RealtimeGrains.SystemTests.Infrastructure;

/// <summary>
/// A throw-away PostgreSQL server on a free 127.0.0.1 port: <c>initdb</c> into a temp directory, <c>postgres</c>
/// started as a child process and stopped by its PID, one database with <c>silo-config/postgresql/schema.sql</c>
/// applied. PostgreSQL refuses to run as root, so under root both run as the <c>postgres</c> user
/// (<c>runuser</c>). Debian's postgresql package must be installed: the README's test command
/// (<c>.ci/deps</c>, then <c>dotnet test</c>) installs it when it is missing.
/// </summary>
internal sealed class PostgreSqlServer : IAsyncDisposable
{
    private const string User = "rtg";
    private const string Database = "realtimegrains";
    private readonly string _directory;
    private readonly Process _process;

    private PostgreSqlServer(string directory, int port, Process process)
    {
        _directory = directory;
        Port = port;
        _process = process;
    }

    public int Port { get; }

    /// <summary>Npgsql connection string of the test database.</summary>
    public string ConnectionString => Connection(Database);

    /// <summary>Starts a server, creates the database and applies the schema.</summary>
    public static async Task<PostgreSqlServer> StartAsync()
    {
        var bin = FindBin();
        var directory = Directory.CreateTempSubdirectory("rtg-postgres-").FullName;
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", "postgres", directory);
        }

        var data = Path.Combine(directory, "data");
        Run(asRoot, Path.Combine(bin, "initdb"), "-D", data, "-U", User, "--auth=trust", "-E", "UTF8", "--no-sync");
        var port = FreePorts.Next();
        var info = Command(asRoot, Path.Combine(bin, "postgres"), "-D", data, "-p", port.ToString(CultureInfo.InvariantCulture),
            "-k", directory, "-h", "127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off");
        var server = new PostgreSqlServer(directory, port, Process.Start(info)!);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await Eventually.TrueAsync(server.AcceptsConnectionsAsync, TimeSpan.FromSeconds(30), $"postgres on port {port} to accept connections");
        await ExecuteAsync(server.Connection("postgres"), $"CREATE DATABASE {Database}");
        await ExecuteAsync(server.ConnectionString, await File.ReadAllTextAsync(RepoPaths.SiloConfig(Path.Combine("postgresql", "schema.sql"))));
        return server;
    }

    /// <summary>Runs <paramref name="sql"/> and returns the first column of the first row.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Stops the server by the PID it wrote (a fast shutdown, SIGINT), then removes its files.</summary>
    public async ValueTask DisposeAsync()
    {
        var pidFile = Path.Combine(_directory, "data", "postmaster.pid");
        if (!_process.HasExited && File.Exists(pidFile))
        {
            Run("kill", "-INT", File.ReadLines(pidFile).First());
            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _process.WaitForExitAsync(stopped.Token);
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string Connection(string database) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username={User};Pooling=false;Timeout=5";

    private async Task<bool> AcceptsConnectionsAsync()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"postgres exited with {_process.ExitCode}");
        }

        try
        {
            await ExecuteAsync(Connection("postgres"), "SELECT 1");
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static ProcessStartInfo Command(bool asPostgres, string executable, params string[] args)
    {
        var info = new ProcessStartInfo(asPostgres ? "runuser" : executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (asPostgres)
        {
            foreach (var arg in new[] { "-u", "postgres", "--", executable })
            {
                info.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private static void Run(string executable, params string[] args) => Run(false, executable, args);

    private static void Run(bool asPostgres, string executable, params string[] args)
    {
        using var process = Process.Start(Command(asPostgres, executable, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(executable)} exited with {process.ExitCode}: {error}{output.Result}");
        }
    }

    private static string FindBin()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "postgres"))).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres): run `bash .ci/deps` first (the README's test command does), or install Debian's postgresql package");
    }
}
