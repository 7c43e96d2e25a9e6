namespace RealtimeGrains.Security;

/// <summary>
/// Mutual TLS between silos and between clients and gateways (section <c>RealtimeGrains:Tls</c>): this process's
/// certificate and the certificate authority every peer's certificate must chain to. Both empty: TLS off (the
/// embedded default, loopback only). File paths are found as <c>--config</c> overlays are (working directory, its
/// parents, the application's folder).
/// </summary>
public sealed class ClusterTlsOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "RealtimeGrains:Tls";

    /// <summary>This process's certificate: PEM (key in <see cref="KeyFile"/> or in the same file) or PFX/PKCS#12 (<c>.pfx</c>, <c>.p12</c>).</summary>
    public string CertificateFile { get; set; } = "";

    /// <summary>The PEM private key of <see cref="CertificateFile"/>; empty when the key is in the certificate file (or a PFX).</summary>
    public string KeyFile { get; set; } = "";

    /// <summary>Password of a PFX, or of an encrypted PEM key; empty for none. Never logged.</summary>
    public string Password { get; set; } = "";

    /// <summary>PEM file of the certificate authority (or authorities) that peers' certificates must chain to.</summary>
    public string CaFile { get; set; } = "";

    /// <summary>Whether TLS is configured (either file given; <see cref="Validate"/> then requires both).</summary>
    public bool Enabled => CertificateFile.Length > 0 || CaFile.Length > 0;

    /// <summary>Returns every problem with these options, formatted for an operator (never the password).</summary>
    public IReadOnlyList<string> Validate()
    {
        if (!Enabled)
        {
            return [];
        }

        try
        {
            using var certificates = ClusterCertificates.Load(this);
            return [];
        }
        catch (ArgumentException ex)
        {
            return [ex.Message];
        }
    }

    internal static string Key(string name) => $"{Section}:{name}";
}
