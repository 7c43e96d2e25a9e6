using System.Security.Cryptography;
using System.Text;

namespace RealtimeGrains.Silo.Hosting;

/// <summary>
/// The credentials the dashboard and <c>/metrics</c> ask for (<c>RealtimeGrains:Silo:HttpToken</c>, or
/// <c>HttpUser</c> and <c>HttpPassword</c>), checked in constant time: both sides are hashed first, so neither the
/// content nor the length of a secret shows in how long a refusal takes. <c>/healthz</c> stays open.
/// </summary>
internal sealed class HttpCredentials
{
    private readonly byte[]? _bearer;
    private readonly byte[]? _basic;

    public HttpCredentials(SiloHostOptions options)
    {
        _bearer = options.HttpToken.Length == 0 ? null : Hash(options.HttpToken);
        _basic = options.HttpUser.Length == 0 ? null : Hash(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.HttpUser}:{options.HttpPassword}")));
    }

    /// <summary>Whether any credential is configured (else every request is let through).</summary>
    public bool Required => _bearer is not null || _basic is not null;

    /// <summary>The <c>WWW-Authenticate</c> challenge of a refusal.</summary>
    public string Challenge => _basic is not null ? "Basic realm=\"RealtimeGrains\", charset=\"UTF-8\"" : "Bearer";

    /// <summary>Whether an <c>Authorization</c> header value carries a configured credential.</summary>
    public bool Allows(string? authorization)
    {
        if (!Required)
        {
            return true;
        }

        if (authorization is null)
        {
            return false;
        }

        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return false;
        }

        var scheme = authorization[..space];
        var expected = scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) ? _bearer
            : scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) ? _basic
            : null;
        return expected is not null && CryptographicOperations.FixedTimeEquals(expected, Hash(authorization[(space + 1)..].Trim()));
    }

    /// <summary>Refuses requests other than <c>/healthz</c> without a configured credential: 401 with a challenge.</summary>
    public async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments("/healthz", StringComparison.Ordinal) || Allows(context.Request.Headers.Authorization))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = Challenge;
    }

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
