using RealtimeGrains.Client.Hosting;
using RealtimeGrains.SystemTests.Infrastructure;

namespace RealtimeGrains.SystemTests.Security;

/// <summary>Two real silo processes (localhost clustering) with mutual TLS from <c>make-dev-certs.sh</c> certificates.</summary>
public sealed class TlsClusterFixture : IAsyncLifetime
{
    private readonly List<SiloProcess> _silos = [];

    internal DevCertificates Certificates { get; } = DevCertificates.Create();

    internal IReadOnlyList<SiloProcess> Silos => _silos;

    public async Task InitializeAsync()
    {
        var first = SiloProcess.Start(settings: Certificates.SiloSettings());
        _silos.Add(first);
        _silos.Add(SiloProcess.Start(primarySiloPort: first.SiloPort, settings: Certificates.SiloSettings()));
        await Task.WhenAll(_silos.Select(s => s.WaitActiveAsync(TimeSpan.FromSeconds(90))));
    }

    /// <summary>A client of the first gateway; <paramref name="configure"/> sets its TLS (or leaves it off).</summary>
    internal Task<RealtimeGrainsConnection> ConnectAsync(Action<RealtimeGrainsClientOptions> configure, Action<IClientBuilder>? configureClient = null) =>
        RealtimeGrainsConnection.ConnectAsync(
            o =>
            {
                o.Gateways.Clear();
                o.Gateways.Add(_silos[0].Gateway);
                o.ConnectAttempts = 2;
                configure(o);
            },
            configureClient);

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        Certificates.Dispose();
    }
}
