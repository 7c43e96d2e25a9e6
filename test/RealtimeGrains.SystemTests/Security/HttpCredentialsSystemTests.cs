using System.Net;
using System.Net.Http.Headers;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using RealtimeGrains.Security;
using RealtimeGrains.SystemTests.Infrastructure;
using RealtimeGrains.Testing;

namespace RealtimeGrains.SystemTests.Security;

public sealed class HttpCredentialsSystemTests
{
    private const string Token = "metrics-token-5f2c";

    [Fact]
    public async Task Silo_HttpOffLoopbackWithoutCredentials_RefusesToStartWithOneLine()
    {
        var url = $"http://{MachineAddress()}:{FreePorts.Next()}";
        await using var silo = SiloProcess.Start(settings: new Dictionary<string, string> { ["RealtimeGrains__Silo__HttpUrl"] = url });

        var exit = await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exit);
        var line = Assert.Single(silo.Log.Split('\n'), l => l.StartsWith("rtg-silo:", StringComparison.Ordinal));
        Assert.Equal(
            $"rtg-silo: configuration error: RealtimeGrains:Silo:HttpUrl = '{url}' is not a loopback address, so the dashboard and /metrics need credentials: " +
            "set RealtimeGrains:Silo:HttpToken (or RealtimeGrains:Silo:HttpUser and RealtimeGrains:Silo:HttpPassword), or RealtimeGrains:Silo:AllowAnonymousHttp = true to serve them to anyone",
            line);
    }

    [Fact]
    public async Task Silo_HttpsOffLoopbackWithToken_MetricsAndDashboardNeedIt()
    {
        using var certificates = DevCertificates.Create();
        var url = new Uri($"https://{MachineAddress()}:{FreePorts.Next()}");
        var settings = certificates.SiloSettings();
        settings["RealtimeGrains__Silo__HttpUrl"] = url.ToString().TrimEnd('/');
        settings["RealtimeGrains__Silo__HttpToken"] = Token;
        await using var silo = SiloProcess.Start(settings: settings);
        using var trust = ClusterCertificates.Load(new ClusterTlsOptions { CertificateFile = certificates.File("client.pem"), KeyFile = certificates.File("client.key"), CaFile = certificates.Ca });
        using var handler = new HttpClientHandler
        {
            // The silo's certificate must chain to the dev CA (it names 127.0.0.1 and localhost, not this address).
            ServerCertificateCustomValidationCallback = (_, server, chain, errors) => server is not null && trust.Validate(server, chain, errors),
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.TrueAsync(
            async () => silo.HasExited ? throw new InvalidOperationException(silo.Log) : (await http.GetAsync(new Uri(url, "/healthz"))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(90), $"/healthz at {url} to answer 200 without credentials; log:\n{silo.Log}");

        var anonymous = await StatusAsync(http, new Uri(url, "/metrics"), null);
        var wrong = await StatusAsync(http, new Uri(url, "/metrics"), new AuthenticationHeaderValue("Bearer", Token + "x"));
        var dashboard = await StatusAsync(http, new Uri(url, "/dashboard/"), null);
        using var metrics = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "/metrics")) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) } };
        using var authorized = await http.SendAsync(metrics);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, dashboard);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
        Assert.Contains("\norleans_", await authorized.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, silo.Log, StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, Uri uri, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri) { Headers = { Authorization = authorization } };
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>This machine's first non-loopback IPv4 address (what <c>hostname -I</c> lists first), else 0.0.0.0.</summary>
    private static string MachineAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))?.ToString() ?? "0.0.0.0";
}
