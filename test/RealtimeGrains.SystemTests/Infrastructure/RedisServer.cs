using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using RealtimeGrains.Testing;

namespace RealtimeGrains.SystemTests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> on a free 127.0.0.1 port, started for the tests and stopped by its PID:
/// persistence off as a fixture, or with an fsync-always append-only file (<see cref="StartPersistentAsync"/>)
/// for tests that restart Redis. Debian's redis-server must be installed: the README's test command
/// (<c>.ci/deps</c>, then <c>dotnet test</c>) installs it when it is missing.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? _process;
    private string? _dataDirectory;

    public int Port { get; private set; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        Port = FreePorts.Next();
        await StartAsync();
    }

    /// <summary>A Redis that writes every command to an append-only file before answering, in a directory of its own.</summary>
    public static async Task<RedisServer> StartPersistentAsync()
    {
        var server = new RedisServer { _dataDirectory = Directory.CreateTempSubdirectory("rtg-redis-").FullName, Port = FreePorts.Next() };
        await server.StartAsync();
        return server;
    }

    /// <summary>Kills the server (SIGKILL, as a crash) and waits for it to exit.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Starts the server again on the same port (and, when persistent, the same data).</summary>
    public Task RestartAsync() => StartAsync();

    private async Task StartAsync()
    {
        var executable = Find();
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        var persistence = _dataDirectory is null
            ? new[] { "--save", "", "--appendonly", "no" }
            : ["--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", _dataDirectory];
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--protected-mode", "yes" }.Concat(persistence))
        {
            info.ArgumentList.Add(arg);
        }

        _process?.Dispose();

        _process = Process.Start(info)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.TrueAsync(async () => !_process.HasExited && await PingAsync(), TimeSpan.FromSeconds(20), $"redis-server on port {Port} to answer PING");
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (_dataDirectory is not null)
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private async Task<bool> PingAsync()
    {
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync("127.0.0.1", Port);
        }
        catch (SocketException)
        {
            return false;
        }

        var stream = tcp.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        var buffer = new byte[16];
        var read = await stream.ReadAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
    }

    private static string Find()
    {
        foreach (var path in new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" })
        {
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException(
            "redis-server is not installed: run `bash .ci/deps` first (the README's test command does), or install Debian's redis-server package");
    }
}
