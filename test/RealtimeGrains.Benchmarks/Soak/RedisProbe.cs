using System.Globalization;
using StackExchange.Redis;

namespace RealtimeGrains.Benchmarks.Soak;

/// <summary>Reads a Redis server's <c>used_memory</c> (INFO memory, an admin command for StackExchange.Redis) and key count (DBSIZE).</summary>
internal sealed class RedisProbe(ConnectionMultiplexer connection) : IAsyncDisposable
{
    private readonly IServer _server = connection.GetServer(connection.GetEndPoints()[0]);

    public static async Task<RedisProbe> ConnectAsync(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AllowAdmin = true;
        return new RedisProbe(await ConnectionMultiplexer.ConnectAsync(options));
    }

    public async Task<(double UsedMb, long Keys)> ReadAsync()
    {
        var info = await _server.InfoAsync("memory");
        var used = info.SelectMany(group => group).First(pair => pair.Key == "used_memory").Value;
        var keys = await _server.DatabaseSizeAsync();
        return (Math.Round(long.Parse(used, CultureInfo.InvariantCulture) / 1048576.0, 1), keys);
    }

    /// <summary>CPU seconds the server has used (INFO cpu: <c>used_cpu_user</c> + <c>used_cpu_sys</c>).</summary>
    public async Task<double> ReadCpuSecondsAsync()
    {
        var info = (await _server.InfoAsync("cpu")).SelectMany(group => group).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        return double.Parse(info["used_cpu_user"], CultureInfo.InvariantCulture) + double.Parse(info["used_cpu_sys"], CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
