using System.Globalization;

namespace RealtimeGrains.Streaming;

/// <summary>Partition grain keys: <c>{stream}/{partition}</c>.</summary>
public static class PartitionGrainKey
{
    public static string Format(string stream, int partition) => string.Create(CultureInfo.InvariantCulture, $"{stream}/{partition}");

    public static bool TryParse(string key, out string stream, out int partition)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.LastIndexOf('/');
        stream = slash > 0 ? key[..slash] : "";
        partition = -1;
        return slash > 0 && int.TryParse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out partition);
    }
}
