using Microsoft.Extensions.Options;

namespace RealtimeGrains.Client.Hosting;

/// <summary>Checks <see cref="RealtimeGrainsClientOptions"/> when the client starts, one line per problem (name, value, what is allowed).</summary>
internal sealed class RealtimeGrainsClientOptionsValidator : IValidateOptions<RealtimeGrainsClientOptions>
{
    public ValidateOptionsResult Validate(string? name, RealtimeGrainsClientOptions options)
    {
        var errors = new List<string>();
        if (options.ConnectAttempts < 1)
        {
            errors.Add(Error(nameof(options.ConnectAttempts), options.ConnectAttempts, "at least 1"));
        }

        if (options.CallAttempts < 1)
        {
            errors.Add(Error(nameof(options.CallAttempts), options.CallAttempts, "at least 1"));
        }

        if (options.ResponseTimeout <= TimeSpan.Zero)
        {
            errors.Add(Error(nameof(options.ResponseTimeout), options.ResponseTimeout, "a positive time span"));
        }

        if (options.ConnectRetryDelay < TimeSpan.Zero || options.CallRetryDelay < TimeSpan.Zero)
        {
            errors.Add(Error(nameof(options.ConnectRetryDelay) + "/" + nameof(options.CallRetryDelay), $"{options.ConnectRetryDelay}/{options.CallRetryDelay}", "zero or positive time spans"));
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId) || string.IsNullOrWhiteSpace(options.ServiceId))
        {
            errors.Add(Error(nameof(options.ClusterId) + "/" + nameof(options.ServiceId), $"{options.ClusterId}/{options.ServiceId}", "non-empty names matching the silos'"));
        }

        try
        {
            if (options.RedisConnectionString.Length > 0)
            {
                RealtimeGrainsClientBuilderExtensions.RedisConfiguration(options);
            }
            else if (options.Gateways.Count > 0)
            {
                options.ResolveGateways();
            }
        }
        catch (ArgumentException ex)
        {
            errors.Add(ex.Message);
        }

        errors.AddRange(options.Tls.Validate());
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string Error(string key, object value, string allowed) =>
        $"{nameof(RealtimeGrainsClientOptions)}.{key} = '{value}' is not valid; allowed: {allowed}";
}
