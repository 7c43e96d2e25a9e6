using System.Globalization;
using RealtimeGrains.Client.Hosting;

namespace RealtimeGrains.SystemTests.Infrastructure;

/// <summary>
/// Real silo processes started from the built host with <c>silo-config/cluster-redis.json</c> (tuned
/// membership, Redis clustering and storage) on a test's own Redis, cluster id and service id.
/// </summary>
internal sealed class RedisCluster : IAsyncDisposable
{
    private readonly RedisServer _redis;
    private readonly Dictionary<string, string> _settings;
    private readonly List<SiloProcess> _silos = [];

    private RedisCluster(RedisServer redis, string name, IDictionary<string, string>? settings)
    {
        _redis = redis;
        ClusterId = name;
        ServiceId = "rtg-" + name;
        _settings = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["RealtimeGrains__Silo__ClusterId"] = ClusterId,
            ["RealtimeGrains__Silo__ServiceId"] = ServiceId,
            ["RealtimeGrains__Silo__Dashboard"] = "false",
        };
        foreach (var (key, value) in redis.SiloSettings())
        {
            _settings[key] = value;
        }
    }

    public string ClusterId { get; }

    public string ServiceId { get; }

    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>Starts <paramref name="count"/> silos at once and waits until each reports healthy.</summary>
    public static async Task<RedisCluster> StartAsync(RedisServer redis, string name, int count, IDictionary<string, string>? settings = null)
    {
        var cluster = new RedisCluster(redis, name, settings);
        for (var i = 0; i < count; i++)
        {
            cluster.StartSilo(new SiloPorts(FreePorts.Next(), FreePorts.Next(), FreePorts.Next()), i + 1);
        }

        await Task.WhenAll(cluster._silos.Select(s => s.WaitActiveAsync(TimeSpan.FromSeconds(90))));
        return cluster;
    }

    /// <summary>Starts a silo on given ports (again, after a kill) and waits until it is healthy.</summary>
    public async Task<SiloProcess> RestartAsync(SiloPorts ports, int number)
    {
        var silo = StartSilo(ports, number);
        await silo.WaitActiveAsync(TimeSpan.FromSeconds(90));
        return silo;
    }

    /// <summary>A client that finds gateways in Redis, as an app would.</summary>
    public Task<RealtimeGrainsConnection> ConnectAsync() => RealtimeGrainsConnection.ConnectAsync(o =>
    {
        _redis.ConfigureClient(o);
        o.ClusterId = ClusterId;
        o.ServiceId = ServiceId;
    });

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }

    private SiloProcess StartSilo(SiloPorts ports, int number)
    {
        var settings = new Dictionary<string, string>(_settings)
        {
            ["RealtimeGrains__Silo__SiloName"] = "silo-" + number.ToString(CultureInfo.InvariantCulture),
        };
        var silo = SiloProcess.Start(ports, null, settings, "--config", RepoPaths.SiloConfig("cluster-redis.json"));
        _silos.Add(silo);
        return silo;
    }
}
