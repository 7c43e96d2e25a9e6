using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.Security;
using RealtimeGrains.Testing;

namespace RealtimeGrains.SystemTests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> on a free 127.0.0.1 port, started for the tests and stopped by its PID:
/// persistence off as a fixture, or with an fsync-always append-only file (<see cref="StartPersistentAsync"/>)
/// for tests that restart Redis, or with a password and TLS only (<see cref="StartSecureAsync"/>). Debian's redis-server must be installed: the README's test command
/// (<c>.ci/deps</c>, then <c>dotnet test</c>) installs it when it is missing.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? _process;
    private string? _dataDirectory;
    private string? _password;
    private string? _certificates;

    public int Port { get; private set; }

    /// <summary>The StackExchange.Redis connection string, with the password and <c>ssl=true</c> of a secure server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}" + (_password is null ? "" : $",password={_password}") + (_certificates is null ? "" : ",ssl=true");

    /// <summary>Environment variables that point a silo process at this Redis (TLS files included).</summary>
    public Dictionary<string, string> SiloSettings()
    {
        var settings = new Dictionary<string, string> { ["RealtimeGrains__Redis__ConnectionString"] = ConnectionString };
        if (_certificates is not null)
        {
            settings["RealtimeGrains__Redis__CaFile"] = Path.Combine(_certificates, "ca.pem");
            settings["RealtimeGrains__Redis__CertificateFile"] = Path.Combine(_certificates, "silo.pem");
            settings["RealtimeGrains__Redis__KeyFile"] = Path.Combine(_certificates, "silo.key");
        }

        return settings;
    }

    /// <summary>Points a client's gateway discovery at this Redis, as an app would.</summary>
    public void ConfigureClient(RealtimeGrainsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.RedisConnectionString = ConnectionString;
        if (_certificates is not null)
        {
            options.RedisCaFile = Path.Combine(_certificates, "ca.pem");
            options.RedisCertificateFile = Path.Combine(_certificates, "client.pem");
            options.RedisKeyFile = Path.Combine(_certificates, "client.key");
        }
    }

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

    /// <summary>
    /// A Redis that takes TLS only (<c>--port 0</c>), with the <c>redis.pem</c> certificate of <paramref name="certificates"/>
    /// (a <c>make-dev-certs.sh</c> directory), requires a client certificate that CA issued (<c>--tls-auth-clients yes</c>)
    /// and <paramref name="password"/> (<c>--requirepass</c>).
    /// </summary>
    public static async Task<RedisServer> StartSecureAsync(string certificates, string password)
    {
        var server = new RedisServer { Port = FreePorts.Next(), _certificates = certificates, _password = password };
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
        var port = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var listen = _certificates is null
            ? new[] { "--port", port }
            : ["--port", "0", "--tls-port", port, "--tls-cert-file", Path.Combine(_certificates, "redis.pem"), "--tls-key-file", Path.Combine(_certificates, "redis.key"),
                "--tls-ca-cert-file", Path.Combine(_certificates, "ca.pem"), "--tls-auth-clients", "yes"];
        var password = _password is null ? [] : new[] { "--requirepass", _password };
        foreach (var arg in listen.Concat(["--bind", "127.0.0.1", "--protected-mode", "yes"]).Concat(password).Concat(persistence))
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

        Stream stream = tcp.GetStream();
        if (_certificates is not null)
        {
            using var certificates = ClusterCertificates.Load(new ClusterTlsOptions
            {
                CertificateFile = Path.Combine(_certificates, "silo.pem"), KeyFile = Path.Combine(_certificates, "silo.key"), CaFile = Path.Combine(_certificates, "ca.pem"),
            });
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false, (_, server, chain, errors) => server is X509Certificate2 x509 && certificates.Validate(x509, chain, errors));
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1", ClientCertificates = [certificates.Certificate] });
            stream = ssl;
        }

        await using (stream)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes((_password is null ? "" : $"AUTH {_password}\r\n") + "PING\r\n"));
            var reply = new StringBuilder();
            var buffer = new byte[64];
            while (!reply.ToString().Contains("PONG", StringComparison.Ordinal) && await stream.ReadAsync(buffer) is var read and > 0)
            {
                reply.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            return reply.ToString().Contains("+PONG", StringComparison.Ordinal);
        }
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
