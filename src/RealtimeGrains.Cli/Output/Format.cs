using System.Globalization;

namespace RealtimeGrains.Cli.Output;

/// <summary>Human formats for table cells.</summary>
internal static class Format
{
    public static string Bytes(long? bytes) => bytes switch
    {
        null => "-",
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes.Value / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes.Value / (double)(1L << 20):0.0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes.Value / 1024.0:0.0} KiB"),
    };

    public static string Number(double? value, string format = "0.#") =>
        value?.ToString(format, CultureInfo.InvariantCulture) ?? "-";
}
