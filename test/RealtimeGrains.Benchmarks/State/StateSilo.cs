using System.Diagnostics;
using System.Globalization;
using RealtimeGrains.Benchmarks.Soak;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.SystemTests.Infrastructure;

namespace RealtimeGrains.Benchmarks.State;

/// <summary>
/// One real silo process (the Release build of <c>src/RealtimeGrains.Silo</c>, started as the system tests start
/// theirs) on localhost clustering with memory or Redis storage, a <c>redis-server</c> of its own for Redis
/// storage, and this process's client on the silo's gateway. Disposing kills what it started, by PID.
/// </summary>
internal sealed class StateSilo : IAsyncDisposable
{
    private RedisServer? _redis;
    private SiloProcess? _silo;
    private RealtimeGrainsConnection? _connection;
    private readonly List<IDisposable> _registrations = [];

    private StateSilo(string storage) => Storage = storage;

    public string Storage { get; }

    public IClusterClient Client => _connection?.Client ?? throw new InvalidOperationException("not started");

    public SiloProcess Silo => _silo ?? throw new InvalidOperationException("not started");

    public RedisProbe? RedisProbe { get; private set; }

    /// <summary>Starts Redis (for <c>redis</c> storage), the silo, and connects.</summary>
    public static async Task<StateSilo> StartAsync(string storage, StateOptions options)
    {
        var started = new StateSilo(storage);
        try
        {
            var settings = options.SiloSettings();
            var clusterId = "state-" + Guid.NewGuid().ToString("N")[..8];
            settings["RealtimeGrains__Silo__ClusterId"] = clusterId;
            settings["RealtimeGrains__Storage__Provider"] = storage;
            if (storage == "redis")
            {
                started._redis = new RedisServer();
                await started._redis.InitializeAsync();
                started._registrations.Add(StartedProcesses.Register(started._redis.KillAsync));
                settings["RealtimeGrains__Redis__ConnectionString"] = started._redis.ConnectionString;
                started.RedisProbe = await RedisProbe.ConnectAsync(started._redis.ConnectionString);
            }

            started._silo = SiloProcess.Start(null, settings);
            started._registrations.Add(StartedProcesses.Register(started.KillSilo));
            var ready = await started._silo.WaitActiveAsync(TimeSpan.FromSeconds(90));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"state: silo pid {started._silo.Pid} ({storage} storage{(started._redis is null ? "" : " at " + started._redis.ConnectionString)}) healthy after {ready.TotalSeconds:0.0} s"));
            started._connection = await RealtimeGrainsConnection.ConnectAsync(o =>
            {
                o.Gateways.Clear();
                o.Gateways.Add(started._silo.Gateway);
                o.ClusterId = clusterId;
            });
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    /// <summary>kill -9 of the silo (on Ctrl+C; a normal end disposes it).</summary>
    public Task KillSilo()
    {
        if (_silo is { HasExited: false } silo)
        {
            silo.Kill();
        }

        return Task.CompletedTask;
    }

    /// <summary>The silo process's resident set in bytes (VmRSS), or null once it is gone.</summary>
    public long? ResidentBytes() => ResidentMemory.Read(Silo.Pid) is { } rss ? (long)(rss.RssMiB * 1048576) : null;

    /// <summary>CPU seconds used so far by the silo process, this process (the client) and redis-server (INFO cpu).</summary>
    public async Task<CpuSeconds> CpuAsync()
    {
        using var silo = Process.GetProcessById(Silo.Pid);
        using var self = Process.GetCurrentProcess();
        return new CpuSeconds(silo.TotalProcessorTime.TotalSeconds, self.TotalProcessorTime.TotalSeconds, RedisProbe is { } probe ? await probe.ReadCpuSecondsAsync() : null);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        if (RedisProbe is not null)
        {
            await RedisProbe.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
