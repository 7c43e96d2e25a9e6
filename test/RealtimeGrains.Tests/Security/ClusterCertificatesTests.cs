using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using RealtimeGrains.Security;

namespace RealtimeGrains.Tests.Security;

public sealed class ClusterCertificatesTests
{
    [Fact]
    public void Load_PemAndKey_TrustsPeersOfTheSameCaOnly()
    {
        using var ca = new TestAuthority();
        using var other = new TestAuthority("another CA");
        var silo = ca.Issue("silo");
        var peer = ca.Issue("peer");
        var stranger = other.Issue("stranger");

        using var certificates = ClusterCertificates.Load(new ClusterTlsOptions { CertificateFile = silo.Certificate, KeyFile = silo.Key, CaFile = ca.CaFile });
        using var peerCertificate = X509CertificateLoader.LoadCertificateFromFile(peer.Certificate);
        using var strangerCertificate = X509CertificateLoader.LoadCertificateFromFile(stranger.Certificate);

        Assert.True(certificates.Certificate.HasPrivateKey);
        Assert.True(certificates.Validate(peerCertificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(certificates.Validate(strangerCertificate, null, SslPolicyErrors.None));
    }

    [Fact]
    public void Load_PfxWithPassword_Loads()
    {
        using var ca = new TestAuthority();
        var client = ca.Issue("client", "pfx-pw");

        using var certificates = ClusterCertificates.Load(new ClusterTlsOptions { CertificateFile = client.Pfx, Password = "pfx-pw", CaFile = ca.CaFile });

        Assert.Equal("CN=client", certificates.Certificate.Subject);
        Assert.True(certificates.Certificate.HasPrivateKey);
    }

    [Fact]
    public void Load_WrongPfxPassword_OneLineNamingTheKeyNotThePassword()
    {
        using var ca = new TestAuthority();
        var client = ca.Issue("client", "pfx-pw");

        var error = Assert.Throws<ArgumentException>(() => ClusterCertificates.Load(new ClusterTlsOptions { CertificateFile = client.Pfx, Password = "guess-123", CaFile = ca.CaFile }));

        Assert.StartsWith($"RealtimeGrains:Tls:CertificateFile = '{client.Pfx}' is not valid; allowed: a PEM (with RealtimeGrains:Tls:KeyFile) or PFX certificate", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("guess-123", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Load_CertificateOfAnotherCa_RefusedAsMisconfiguration()
    {
        using var ca = new TestAuthority();
        using var other = new TestAuthority("another CA");
        var stranger = other.Issue("stranger");

        var error = Assert.Throws<ArgumentException>(() => ClusterCertificates.Load(new ClusterTlsOptions { CertificateFile = stranger.Certificate, KeyFile = stranger.Key, CaFile = ca.CaFile }));

        Assert.Contains("allowed: a certificate issued by the CA in RealtimeGrains:Tls:CaFile (CN=stranger:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CertificateOnlyWithoutCa_NamesTheMissingKey()
    {
        using var ca = new TestAuthority();
        var silo = ca.Issue("silo");

        var errors = new ClusterTlsOptions { CertificateFile = silo.Certificate, KeyFile = silo.Key }.Validate();

        Assert.Equal(
            ["RealtimeGrains:Tls:CaFile = '' is not valid; allowed: a PEM file of the certificate authority peers' certificates chain to (TLS is on because RealtimeGrains:Tls is set)"],
            errors);
    }

    [Fact]
    public void Validate_NothingSet_TlsOffAndValid()
    {
        var options = new ClusterTlsOptions();

        Assert.False(options.Enabled);
        Assert.Empty(options.Validate());
    }
}
