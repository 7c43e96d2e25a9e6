using System.Diagnostics;
using RealtimeGrains.Security;

namespace RealtimeGrains.SystemTests.Infrastructure;

/// <summary>
/// A throw-away CA and its certificates, made by the shipped <c>silo-config/make-dev-certs.sh</c> (openssl) in a temp
/// directory: <c>ca.pem</c>, <c>silo.pem</c>/<c>.key</c>, <c>client.pem</c>/<c>.key</c>, <c>client.pfx</c>, <c>redis.pem</c>/<c>.key</c>.
/// </summary>
internal sealed class DevCertificates : IDisposable
{
    public const string PfxPassword = "pfx-secret-7";

    private DevCertificates(string directory) => Directory = directory;

    public string Directory { get; }

    public string Ca => File("ca.pem");

    public static DevCertificates Create()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("rtg-certs-").FullName;
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, ArgumentList = { RepoPaths.SiloConfig("make-dev-certs.sh"), directory } };
        info.Environment["RTG_PFX_PASSWORD"] = PfxPassword;
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"silo-config/make-dev-certs.sh failed ({process.ExitCode}): {error.Result.Trim()}");
        }

        return new DevCertificates(directory);
    }

    public string File(string name) => Path.Combine(Directory, name);

    /// <summary>Gives a client's TLS options the <c>{name}.pem</c> certificate and this CA.</summary>
    public void ApplyTo(ClusterTlsOptions tls, string name)
    {
        ArgumentNullException.ThrowIfNull(tls);
        tls.CertificateFile = File($"{name}.pem");
        tls.KeyFile = File($"{name}.key");
        tls.CaFile = Ca;
    }

    /// <summary>TLS options presenting <c>{name}.pem</c> and trusting this CA.</summary>
    public ClusterTlsOptions Tls(string name)
    {
        var tls = new ClusterTlsOptions();
        ApplyTo(tls, name);
        return tls;
    }

    /// <summary>Environment variables that give a silo process mutual TLS with the silo certificate.</summary>
    public Dictionary<string, string> SiloSettings() => new()
    {
        ["RealtimeGrains__Tls__CertificateFile"] = File("silo.pem"),
        ["RealtimeGrains__Tls__KeyFile"] = File("silo.key"),
        ["RealtimeGrains__Tls__CaFile"] = Ca,
    };

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
