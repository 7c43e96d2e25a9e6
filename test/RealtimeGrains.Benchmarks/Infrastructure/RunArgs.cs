using System.Globalization;

namespace RealtimeGrains.Benchmarks.Infrastructure;

/// <summary>Command-line values and medians shared by the load runs.</summary>
internal static class RunArgs
{
    /// <summary>The integer after <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>The 64-bit integer after <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public static long Long(string[] args, string name, long fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? long.Parse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>The comma-separated integers after <paramref name="name"/> (<c>1000,100000</c>), or <paramref name="fallback"/>.</summary>
    public static IReadOnlyList<long> Longs(string[] args, string name, IReadOnlyList<long> fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length
            ? [.. args[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => long.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture))]
            : fallback;
    }

    /// <summary>The value after <paramref name="name"/>, or null.</summary>
    public static string? String(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>The median (upper middle for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
