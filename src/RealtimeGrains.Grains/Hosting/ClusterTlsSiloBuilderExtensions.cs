using Orleans.Connections.Security;
using RealtimeGrains.Security;

namespace RealtimeGrains.Hosting;

/// <summary>Mutual TLS on a silo's silo-to-silo and gateway connections.</summary>
public static class ClusterTlsSiloBuilderExtensions
{
    /// <summary>
    /// Encrypts and authenticates every connection of the silo (Orleans' <c>UseTls</c>): it presents
    /// <see cref="ClusterCertificates.Certificate"/>, and accepts a silo or client only when the certificate it
    /// presents chains to <see cref="ClusterCertificates.Authorities"/>; a peer without one is refused.
    /// </summary>
    public static ISiloBuilder UseClusterTls(this ISiloBuilder builder, ClusterCertificates certificates)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(certificates);
        return builder.UseTls(certificates.Certificate, tls =>
        {
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.RemoteCertificateValidation = certificates.Validate;
        });
    }
}
