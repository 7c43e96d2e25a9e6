using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Connections.Security;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Scheduling;
using RealtimeGrains.SystemTests.Infrastructure;
using RealtimeGrains.Testing;
using Xunit.Abstractions;

namespace RealtimeGrains.SystemTests.Security;

public sealed class TlsClusterTests(TlsClusterFixture cluster, ITestOutputHelper output) : IClassFixture<TlsClusterFixture>
{
    [Fact]
    public async Task TlsCluster_ClientWithCertificate_EventsAcknowledgedAndTasksComplete()
    {
        await using var connection = await cluster.ConnectAsync(o => cluster.Certificates.ApplyTo(o.Tls, "client"));
        var hosts = await connection.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(2, hosts.Count);

        var producer = connection.Services.GetRequiredService<StreamProducer>();
        for (var i = 0; i < 2000; i++)
        {
            await producer.PublishAsync("events", "tls-" + (i % 40).ToString(CultureInfo.InvariantCulture), "e");
        }

        await producer.FlushAsync();
        var queries = connection.Services.GetRequiredService<StreamQueries>();
        long applied = 0;
        for (var k = 0; k < 40; k++)
        {
            applied += (await queries.GetKeyAsync("events", "tls-" + k.ToString(CultureInfo.InvariantCulture)))?.Count ?? 0;
        }

        var tasks = connection.Services.GetRequiredService<TaskClient>();
        await tasks.CreateQueueAsync("tls", "fcfs", concurrency: 4);
        var ids = await tasks.SubmitManyAsync("tls", [.. Enumerable.Range(0, 20).Select(i => new TaskSpec { Handler = "echo", Payload = Encoding.ASCII.GetBytes($"t{i}") })]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var finished = await Task.WhenAll(ids.Select(id => tasks.WaitForCompletionAsync(id, timeout.Token)));

        Assert.Equal(2000, applied);
        Assert.Equal(2000, producer.Statistics.EventsAcked);
        Assert.All(finished, t => Assert.Equal(TaskState.Completed, t.Status));
    }

    [Fact]
    public async Task TlsCluster_ClientWithoutTls_RefusedNamingTls()
    {
        var refused = await Assert.ThrowsAsync<ClusterUnreachableException>(() => cluster.ConnectAsync(_ => { }));

        output.WriteLine(refused.Message);
        Assert.Contains("does the cluster use TLS?", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TlsCluster_TlsClientWithoutCertificate_Refused()
    {
        // Orleans' own TLS, trusting any gateway but presenting no certificate: the silos require one.
        var refused = await Assert.ThrowsAsync<ClusterUnreachableException>(() => cluster.ConnectAsync(
            _ => { },
            client => client.UseTls(tls =>
            {
                tls.ClientCertificateMode = RemoteCertificateMode.AllowCertificate;
                tls.AllowAnyRemoteCertificate();
            })));

        output.WriteLine(refused.Message);
        Assert.Contains("a gateway took the connection and closed it", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TlsCluster_CertificateFromAnotherCa_Refused()
    {
        using var other = DevCertificates.Create();

        // Orleans' own TLS with another CA's client certificate (accepting any gateway): the silos refuse it.
        using var foreign = X509Certificate2.CreateFromPemFile(other.File("client.pem"), other.File("client.key"));
        var refused = await Assert.ThrowsAsync<ClusterUnreachableException>(() => cluster.ConnectAsync(
            _ => { },
            client => client.UseTls(foreign, tls => tls.AllowAnyRemoteCertificate())));
        // Ours, with the other CA's certificate and trusting only that CA: the client refuses the gateways.
        var distrusted = await Assert.ThrowsAsync<ClusterUnreachableException>(() => cluster.ConnectAsync(o => other.ApplyTo(o.Tls, "client")));

        output.WriteLine(refused.Message);
        output.WriteLine(distrusted.Message);
        Assert.Contains("a gateway took the connection and closed it", refused.Message, StringComparison.Ordinal);
        Assert.Contains("TLS failed", distrusted.Message, StringComparison.Ordinal);
        await Eventually.TrueAsync(
            () => Task.FromResult(cluster.Silos[0].Log.Contains("The remote certificate was rejected by the provided RemoteCertificateValidationCallback", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), "the silo to log that it rejected the certificate");
    }

    [Fact]
    public async Task TlsCluster_RtgWithoutCertificate_ExitsTwoWithOneLineNamingTls()
    {
        var run = await ProcessRun.DotnetAsync(RepoPaths.CliDll, ["cluster", "--gateway", cluster.Silos[0].Gateway], TimeSpan.FromSeconds(60));
        var withCertificate = await ProcessRun.DotnetAsync(RepoPaths.CliDll, ["cluster", "--json", "--gateway", cluster.Silos[0].Gateway], TimeSpan.FromSeconds(60), new Dictionary<string, string>
        {
            ["RealtimeGrains__Tls__CertificateFile"] = cluster.Certificates.File("client.pfx"),
            ["RealtimeGrains__Tls__Password"] = DevCertificates.PfxPassword,
            ["RealtimeGrains__Tls__CaFile"] = cluster.Certificates.Ca,
        });

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("RealtimeGrains:Tls", line, StringComparison.Ordinal);
        Assert.True(withCertificate.ExitCode == 0, withCertificate.Error);
        Assert.DoesNotContain(DevCertificates.PfxPassword, withCertificate.Output + withCertificate.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TlsCluster_PlaintextSilo_CannotJoin()
    {
        var before = cluster.Silos[0].Log.Split("Authentication failed").Length;
        await using var plaintext = SiloProcess.Start(primarySiloPort: cluster.Silos[0].SiloPort);

        // It reaches the TLS silo port in the clear: the handshake fails there and the silo never becomes active.
        await Eventually.TrueAsync(
            () => Task.FromResult(cluster.Silos[0].Log.Split("Authentication failed").Length > before),
            TimeSpan.FromSeconds(60), "the TLS silo to refuse the plaintext silo's connection");
        await using var connection = await cluster.ConnectAsync(o => cluster.Certificates.ApplyTo(o.Tls, "client"));
        var hosts = await connection.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        using var health = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };

        Assert.DoesNotContain(hosts.Keys, h => h.Endpoint.Port == plaintext.SiloPort);
        Assert.False(await HealthyAsync(health, plaintext), "the plaintext silo reports healthy");
    }

    private static async Task<bool> HealthyAsync(HttpClient http, SiloProcess silo)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(silo.Http, "/healthz"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
