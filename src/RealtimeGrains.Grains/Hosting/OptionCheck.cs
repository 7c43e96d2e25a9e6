using Microsoft.Extensions.Configuration;

namespace RealtimeGrains.Hosting;

/// <summary>
/// Formats configuration errors the same way everywhere: the full key, the value that was given and
/// what is allowed, so an operator can fix the file without reading code. Public on purpose: extensions (a
/// processor's or task handler's own options, the speech service) validate with the same messages.
/// </summary>
public static class OptionCheck
{
    /// <summary>Formats one configuration error.</summary>
    public static string Error(string key, object? value, string allowed) =>
        $"{key} = '{value}' is not valid; allowed: {allowed}";

    /// <summary>Adds an error to <paramref name="errors"/> when a port is outside 1..65535.</summary>
    public static void Port(List<string> errors, string key, int value)
    {
        if (value is < 1 or > 65535)
        {
            errors.Add(Error(key, value, "a TCP port 1-65535"));
        }
    }

    /// <summary>Adds an error when <paramref name="value"/> is not one of <paramref name="allowed"/> (case-insensitive).</summary>
    public static void OneOf(List<string> errors, string key, string? value, params string[] allowed)
    {
        if (value is null || !allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(Error(key, value, string.Join(", ", allowed)));
        }
    }

    /// <summary>Adds an error when <paramref name="value"/> is outside [min, max].</summary>
    public static void Range<T>(List<string> errors, string key, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            errors.Add(Error(key, value, $"{min}-{max}"));
        }
    }

    /// <summary>
    /// Binds a configuration section onto <paramref name="options"/>, turning binder failures (an unknown key, a
    /// value of the wrong type) into the same one-line error format instead of an exception.
    /// </summary>
    public static void Bind(IConfiguration configuration, string section, object options, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(errors);
        try
        {
            configuration.GetSection(section).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            errors.Add($"{section}: {ex.Message}");
        }
    }

    /// <summary>Binds a configuration section into a new <typeparamref name="T"/>, as <see cref="Bind(IConfiguration, string, object, List{string})"/>.</summary>
    public static T Bind<T>(IConfiguration configuration, string section, List<string> errors)
        where T : new()
    {
        var options = new T();
        Bind(configuration, section, options, errors);
        return options;
    }
}
