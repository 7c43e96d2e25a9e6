using System.Text;
using RealtimeGrains.Silo.Hosting;

namespace RealtimeGrains.Tests.Hosting;

public sealed class HttpCredentialsTests
{
    private static readonly HttpCredentials Both = new(new SiloHostOptions { HttpToken = "t0ken", HttpUser = "ops", HttpPassword = "pa:ss" });

    [Theory]
    [InlineData("Bearer t0ken", true)]
    [InlineData("bearer t0ken", true)]
    [InlineData("Bearer t0ken2", false)]
    [InlineData("Bearer ", false)]
    [InlineData("t0ken", false)]
    [InlineData("Digest t0ken", false)]
    [InlineData(null, false)]
    public void Allows_BearerToken_OnlyTheConfiguredOne(string? authorization, bool allowed) =>
        Assert.Equal(allowed, Both.Allows(authorization));

    [Theory]
    [InlineData("ops:pa:ss", true)]
    [InlineData("ops:pa:sS", false)]
    [InlineData("opz:pa:ss", false)]
    public void Allows_Basic_OnlyTheConfiguredUserAndPassword(string userAndPassword, bool allowed) =>
        Assert.Equal(allowed, Both.Allows("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndPassword))));

    [Fact]
    public void Allows_NothingConfigured_EverythingIsLetThrough()
    {
        var open = new HttpCredentials(new SiloHostOptions());

        Assert.False(open.Required);
        Assert.True(open.Allows(null));
    }

    [Fact]
    public void Allows_TokenOnly_BasicIsRefusedAndChallengeIsBearer()
    {
        var token = new HttpCredentials(new SiloHostOptions { HttpToken = "t0ken" });

        Assert.False(token.Allows("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(":"))));
        Assert.Equal("Bearer", token.Challenge);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://127.0.0.2:8080", true)]
    [InlineData("http://localhost:8080", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://10.0.0.11:8080", false)]
    [InlineData("https://silo1.example:8443", false)]
    public void HttpIsLoopback_ByAddress(string url, bool loopback) =>
        Assert.Equal(loopback, new SiloHostOptions { HttpUrl = url }.HttpIsLoopback);

    [Fact]
    public void Validate_OffLoopbackWithTokenOrAllowAnonymous_NoError()
    {
        Assert.Empty(new SiloHostOptions { HttpUrl = "http://0.0.0.0:8080", HttpToken = "x" }.Validate());
        Assert.Empty(new SiloHostOptions { HttpUrl = "http://0.0.0.0:8080", AllowAnonymousHttp = true }.Validate());
    }

    [Fact]
    public void Validate_UserWithoutPassword_NamesBothKeys()
    {
        var error = Assert.Single(new SiloHostOptions { HttpUser = "ops" }.Validate());

        Assert.Equal("RealtimeGrains:Silo:HttpUser = 'ops' is not valid; allowed: empty or set together with RealtimeGrains:Silo:HttpPassword (basic authentication needs both)", error);
    }
}
