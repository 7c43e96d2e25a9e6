using RealtimeGrains.Silo.Hosting;

namespace RealtimeGrains.Tests.Hosting;

public sealed class SiloConfigurationTests
{
    [Fact]
    public void Load_EmbeddedDefault_IsLocalhostWithDocumentedPorts()
    {
        var config = SiloConfiguration.Load([]);

        Assert.Empty(config.Errors);
        Assert.Equal("localhost", config.Host.Clustering);
        Assert.Equal(11111, config.Host.SiloPort);
        Assert.Equal(30000, config.Host.GatewayPort);
        Assert.Equal("http://127.0.0.1:8080", config.Host.HttpUrl);
        Assert.Equal("127.0.0.1", config.Host.AdvertisedAddress);
        Assert.True(config.Host.Dashboard);
    }

    [Fact]
    public void Load_Overlay_OverridesDefaults()
    {
        var overlay = Path.Combine(RepoRoot(), "silo-config", "silo-2.json");

        var config = SiloConfiguration.Load(["--config", overlay]);

        Assert.Empty(config.Errors);
        Assert.Equal(11112, config.Host.SiloPort);
        Assert.Equal(30001, config.Host.GatewayPort);
        Assert.Equal("127.0.0.1:11111", config.Host.PrimarySiloEndpoint);
    }

    [Fact]
    public void Load_OverrideAfterOverlay_Wins()
    {
        var overlay = Path.Combine(RepoRoot(), "silo-config", "silo-2.json");

        var config = SiloConfiguration.Load(["--config", overlay], [new("RealtimeGrains:Silo:GatewayPort", "30077")]);

        Assert.Equal(30077, config.Host.GatewayPort);
    }

    [Theory]
    [InlineData("RealtimeGrains:Silo:SiloPort", "70000", "RealtimeGrains:Silo:SiloPort = '70000' is not valid; allowed: a TCP port 1-65535")]
    [InlineData("RealtimeGrains:Silo:GatewayPort", "0", "RealtimeGrains:Silo:GatewayPort = '0' is not valid; allowed: a TCP port 1-65535")]
    [InlineData("RealtimeGrains:Silo:Clustering", "zookeeper", "RealtimeGrains:Silo:Clustering = 'zookeeper' is not valid; allowed: localhost, redis, postgresql")]
    [InlineData("RealtimeGrains:Storage:Provider", "cosmos", "RealtimeGrains:Storage:Provider = 'cosmos' is not valid; allowed: memory, redis, postgresql, external")]
    [InlineData("RealtimeGrains:Silo:AdvertisedAddress", "not-an-ip", "RealtimeGrains:Silo:AdvertisedAddress = 'not-an-ip' is not valid; allowed: an IP address such as 127.0.0.1")]
    [InlineData("RealtimeGrains:Silo:HttpUrl", "ftp://x", "RealtimeGrains:Silo:HttpUrl = 'ftp://x' is not valid; allowed: an http(s) URL with a port, such as http://127.0.0.1:8080")]
    [InlineData("RealtimeGrains:Streaming:Streams:events:Buckets", "4095", "RealtimeGrains:Streaming:Streams:events: bucket count 4095 is not valid; allowed: a power of two 1-1048576")]
    [InlineData("RealtimeGrains:Streaming:Streams:events:Partitioning", "zigzag", "RealtimeGrains:Streaming:Streams:events:Partitioning = 'zigzag' is not valid; allowed: hash, range")]
    [InlineData("RealtimeGrains:Streaming:PullPeriodMs", "0", "RealtimeGrains:Streaming:PullPeriodMs = '0' is not valid; allowed: 1-10000")]
    public void Load_BadValue_NamesKeyValueAndAllowed(string key, string value, string expected)
    {
        var config = SiloConfiguration.Load([], [new(key, value)]);

        Assert.Equal([expected], config.Errors);
    }

    [Fact]
    public void Load_ValueOfWrongType_IsOneLineNamingTheKey()
    {
        var config = SiloConfiguration.Load([], [new("RealtimeGrains:Silo:SiloPort", "eleven")]);

        var error = Assert.Single(config.Errors);
        Assert.Contains("RealtimeGrains:Silo:SiloPort", error, StringComparison.Ordinal);
        Assert.Contains("eleven", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownKey_IsRejected()
    {
        var config = SiloConfiguration.Load([], [new("RealtimeGrains:Silo:GatewayPrt", "30001")]);

        var error = Assert.Single(config.Errors);
        Assert.Contains("GatewayPrt", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingOverlay_NamesTheFile()
    {
        var config = SiloConfiguration.Load(["--config", "no-such-file.json"]);

        var error = Assert.Single(config.Errors);
        Assert.StartsWith("--config 'no-such-file.json': file not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RelativeOverlayPath_IsFoundFromAnyFolderBelowTheRepository()
    {
        // The test runs in test/RealtimeGrains.Tests/bin/...: the overlay is found in a parent folder (or
        // next to the host), as `dotnet run --project src/RealtimeGrains.Silo -- --config silo-config/silo-2.json` needs.
        var config = SiloConfiguration.Load(["--config", "silo-config/silo-2.json"]);

        Assert.Empty(config.Errors);
        Assert.Equal(30001, config.Host.GatewayPort);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RealtimeGrains.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("RealtimeGrains.sln not found above " + AppContext.BaseDirectory);
    }
}
