using RealtimeGrains.Client.Hosting;

namespace RealtimeGrains.Tests.Cli;

/// <summary>
/// <c>rtg</c> reads the silo's layers: the overlay, then environment variables. These tests set a process-wide
/// environment variable, so they run alone (silo configuration tests read the environment too).
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ConfigurationLayerTests
{
    private const string RedisVariable = "RealtimeGrains__Redis__ConnectionString";

    [Fact]
    public void ApplySiloConfigurationFiles_EnvironmentVariable_WinsOverTheOverlay()
    {
        using var _ = new EnvironmentVariable(RedisVariable, "127.0.0.1:6999");
        var options = new RealtimeGrainsClientOptions();

        options.ApplySiloConfigurationFiles("silo-config/cluster-redis.json");

        Assert.Equal("127.0.0.1:6999", options.RedisConnectionString);
        Assert.Equal("rtg-cluster", options.ClusterId);
        Assert.Equal("through the Redis membership table at 127.0.0.1:6999", options.DescribeTarget());
    }

    [Fact]
    public void ApplySiloConfigurationFiles_TlsOverlay_GivesTheClientItsCertificateAndCa()
    {
        using var _ = new EnvironmentVariable("RealtimeGrains__Tls__CertificateFile", "certs/client.pem");
        var options = new RealtimeGrainsClientOptions();

        options.ApplySiloConfigurationFiles("silo-config/tls.json");

        Assert.Equal("certs/client.pem", options.Tls.CertificateFile);
        Assert.Equal("silo-config/certs/silo.key", options.Tls.KeyFile);
        Assert.Equal("silo-config/certs/ca.pem", options.Tls.CaFile);
        Assert.True(options.Tls.Enabled);
    }

    [Fact]
    public void DescribeTarget_RedisWithPassword_NamesEndpointsOnly()
    {
        var options = new RealtimeGrainsClientOptions { RedisConnectionString = "127.0.0.1:6380,password=hunter2" };

        Assert.Equal("through the Redis membership table at 127.0.0.1:6380", options.DescribeTarget());
    }

    internal sealed class EnvironmentVariable : IDisposable
    {
        private readonly string _name;
        private readonly string? _previous;

        public EnvironmentVariable(string name, string value)
        {
            _name = name;
            _previous = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }

        public void Dispose() => Environment.SetEnvironmentVariable(_name, _previous);
    }
}

/// <summary>Tests that change process-wide environment variables: run after every other collection, alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "Process environment";
}
