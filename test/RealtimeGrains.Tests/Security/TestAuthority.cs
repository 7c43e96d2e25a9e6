using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RealtimeGrains.Tests.Security;

/// <summary>A CA made in memory, writing itself and the certificates it issues as PEM (and PFX) files into a temp directory.</summary>
internal sealed class TestAuthority : IDisposable
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;

    public TestAuthority(string name = "rtg test CA")
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("rtg-test-ca-").FullName;
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(CaFile, _certificate.ExportCertificatePem());
    }

    public string Directory { get; }

    public string CaFile => Path.Combine(Directory, "ca.pem");

    /// <summary>Issues a certificate for <paramref name="name"/>: <c>{name}.pem</c>, <c>{name}.key</c> and, with a password, <c>{name}.pfx</c>.</summary>
    public (string Certificate, string Key, string Pfx) Issue(string name, string pfxPassword = "")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var issued = request.Create(_certificate, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);
        var files = (Path.Combine(Directory, $"{name}.pem"), Path.Combine(Directory, $"{name}.key"), Path.Combine(Directory, $"{name}.pfx"));
        File.WriteAllText(files.Item1, issued.ExportCertificatePem());
        File.WriteAllText(files.Item2, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(files.Item3, withKey.Export(X509ContentType.Pkcs12, pfxPassword));
        return files;
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
