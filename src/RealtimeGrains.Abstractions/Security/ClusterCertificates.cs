using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RealtimeGrains.Hosting;

namespace RealtimeGrains.Security;

/// <summary>
/// The loaded <see cref="ClusterTlsOptions"/>: this process's certificate and the authorities peers must chain to.
/// <see cref="Validate"/> is the one trust decision for every TLS connection (silo to silo, client to gateway):
/// a peer is trusted when its certificate chains to <see cref="Authorities"/> alone (custom root trust; the
/// machine's root store is ignored), whatever else the platform thinks of it.
/// </summary>
public sealed class ClusterCertificates : IDisposable
{
    private ClusterCertificates(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        Certificate = certificate;
        Authorities = authorities;
    }

    /// <summary>This process's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The trust anchors from <see cref="ClusterTlsOptions.CaFile"/>.</summary>
    public X509Certificate2Collection Authorities { get; }

    /// <summary>Loads and checks the files; throws <see cref="ArgumentException"/> with one line naming the key and file.</summary>
    public static ClusterCertificates Load(ClusterTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var certificateFile = Required(ClusterTlsOptions.Key(nameof(options.CertificateFile)), options.CertificateFile, "a PEM or PFX certificate file");
        var caFile = Required(ClusterTlsOptions.Key(nameof(options.CaFile)), options.CaFile, "a PEM file of the certificate authority peers' certificates chain to");
        var keyFile = options.KeyFile.Length == 0 ? null : Required(ClusterTlsOptions.Key(nameof(options.KeyFile)), options.KeyFile, "the PEM private key of the certificate");
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(caFile);
        }
        catch (CryptographicException ex)
        {
            throw Invalid(nameof(options.CaFile), options.CaFile, $"a PEM certificate file ({ex.Message})");
        }

        if (authorities.Count == 0)
        {
            throw Invalid(nameof(options.CaFile), options.CaFile, "a PEM file holding at least one CA certificate");
        }

        var certificate = LoadCertificate(options, certificateFile, keyFile);
        var loaded = new ClusterCertificates(certificate, authorities);
        if (loaded.Check(certificate, null) is { } untrusted)
        {
            loaded.Dispose();
            throw Invalid(nameof(options.CertificateFile), options.CertificateFile, $"a certificate issued by the CA in {ClusterTlsOptions.Key(nameof(options.CaFile))} ({untrusted})");
        }

        return loaded;
    }

    /// <summary>
    /// The remote-certificate check of Orleans' TLS options (<c>RemoteCertificateValidation</c>): true when
    /// <paramref name="remote"/> chains to <see cref="Authorities"/>. Platform policy errors (an unknown root, a
    /// host name) are not consulted: the cluster's CA is the only trust there is.
    /// </summary>
    public bool Validate(X509Certificate2 remote, X509Chain? presented, SslPolicyErrors policyErrors) => Check(remote, presented) is null;

    /// <summary>Null when <paramref name="remote"/> chains to <see cref="Authorities"/>, else why not.</summary>
    internal string? Check(X509Certificate2 remote, X509Chain? presented)
    {
        ArgumentNullException.ThrowIfNull(remote);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            // Intermediates the peer sent; they are never trust anchors under CustomRootTrust.
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(remote)
            ? null
            : $"{remote.Subject}: {string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct())}";
    }

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var authority in Authorities)
        {
            authority.Dispose();
        }
    }

    private static X509Certificate2 LoadCertificate(ClusterTlsOptions options, string certificateFile, string? keyFile)
    {
        var password = options.Password.Length == 0 ? null : options.Password;
        try
        {
            var extension = Path.GetExtension(certificateFile);
            var certificate = extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase)
                ? X509CertificateLoader.LoadPkcs12FromFile(certificateFile, password, X509KeyStorageFlags.EphemeralKeySet)
                : password is null
                    ? X509Certificate2.CreateFromPemFile(certificateFile, keyFile)
                    : X509Certificate2.CreateFromEncryptedPemFile(certificateFile, password, keyFile);
            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                throw Invalid(nameof(options.CertificateFile), options.CertificateFile, "a certificate with its private key (in the file, or in RealtimeGrains:Tls:KeyFile)");
            }

            return certificate;
        }
        catch (CryptographicException ex)
        {
            // The message names the files only: a wrong password reads as "could not be read", never the password.
            throw Invalid(nameof(options.CertificateFile), options.CertificateFile,
                $"a PEM (with {ClusterTlsOptions.Key(nameof(options.KeyFile))}) or PFX certificate that can be read with its key and {ClusterTlsOptions.Key(nameof(options.Password))} ({ex.Message.TrimEnd('.')})");
        }
    }

    private static string Required(string key, string value, string allowed)
    {
        if (value.Length == 0)
        {
            throw new ArgumentException($"{key} = '' is not valid; allowed: {allowed} (TLS is on because {ClusterTlsOptions.Section} is set)");
        }

        return ConfigFileLocator.Find(value)
            ?? throw new ArgumentException($"{key} = '{value}' is not valid; allowed: {allowed} (file not found in {Environment.CurrentDirectory}, its parents, or {AppContext.BaseDirectory})");
    }

    private static ArgumentException Invalid(string name, string value, string allowed) =>
        new($"{ClusterTlsOptions.Key(name)} = '{value}' is not valid; allowed: {allowed}");
}
