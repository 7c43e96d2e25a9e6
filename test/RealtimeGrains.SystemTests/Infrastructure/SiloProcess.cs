using System.Collections.Concurrent;
using System.Diagnostics;

using RealtimeGrains.Testing;

namespace RealtimeGrains.SystemTests.Infrastructure;

/// <summary>A real silo host process on its own loopback ports, stopped (or killed) by the test that started it.</summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();

    private SiloProcess(Process process, int siloPort, int gatewayPort, int httpPort)
    {
        _process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        HttpPort = httpPort;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int SiloPort { get; }

    public SiloPorts Ports => new(SiloPort, GatewayPort, HttpPort);

    public int Pid => _process.Id;

    public int GatewayPort { get; }

    public int HttpPort { get; }

    public string Gateway => $"127.0.0.1:{GatewayPort}";

    public Uri Http => new($"http://127.0.0.1:{HttpPort}");

    public string Log => string.Join('\n', _log);

    public bool HasExited => _process.HasExited;

    /// <summary>Starts a silo; <paramref name="primarySiloPort"/> joins an existing localhost cluster.</summary>
    public static SiloProcess Start(int? primarySiloPort = null, IDictionary<string, string>? settings = null, params string[] args) =>
        Start(new SiloPorts(FreePorts.Next(), FreePorts.Next(), FreePorts.Next()), primarySiloPort, settings, args);

    /// <summary>Starts a silo on given ports (a restart on the ports of a silo that was killed).</summary>
    public static SiloProcess Start(SiloPorts ports, int? primarySiloPort, IDictionary<string, string>? settings, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(ports);
        var (siloPort, gatewayPort, httpPort) = ports;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        info.ArgumentList.Add(RepoPaths.SiloDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["RealtimeGrains__Silo__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["RealtimeGrains__Silo__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["RealtimeGrains__Silo__HttpUrl"] = $"http://127.0.0.1:{httpPort}";
        info.Environment["RealtimeGrains__Silo__PrimarySiloEndpoint"] = $"127.0.0.1:{primarySiloPort ?? siloPort}";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new SiloProcess(Process.Start(info)!, siloPort, gatewayPort, httpPort);
    }

    /// <summary>Waits until <c>/healthz</c> answers 200.</summary>
    public async Task<TimeSpan> WaitActiveAsync(TimeSpan? timeout = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        return await Eventually.TrueAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"silo exited with {_process.ExitCode}: {Log}");
                }

                using var response = await http.GetAsync(new Uri(Http, "/healthz"));
                return response.IsSuccessStatusCode;
            },
            timeout ?? TimeSpan.FromSeconds(60),
            $"silo on gateway {Gateway} to report healthy; log:\n{Log}");
    }

    /// <summary><c>kill -9</c>: no shutdown, no checkpoint, connections reset.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, as a service manager stops a silo: the host shuts down gracefully.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} exited with {kill.ExitCode}");
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await WaitForExitAsync(cts.Token);
    }

    /// <summary>Completes with the exit code when the process exits, or throws when <paramref name="cancellationToken"/> fires first.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            _log.Enqueue(line);
        }
    }
}
