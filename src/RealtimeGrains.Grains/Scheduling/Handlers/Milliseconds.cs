using System.Globalization;
using System.Text;

namespace RealtimeGrains.Scheduling.Handlers;

/// <summary>Reads a payload of ASCII decimal milliseconds, as the <c>sleep</c> and <c>spin</c> handlers take.</summary>
internal static class Milliseconds
{
    /// <summary>Largest accepted value: one hour.</summary>
    public const int Max = 3_600_000;

    public static int Parse(string handler, ReadOnlyMemory<byte> payload)
    {
        var text = Encoding.ASCII.GetString(payload.Span).Trim();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms > Max)
        {
            throw new ArgumentException($"{handler}: payload '{text}' is not valid; allowed: milliseconds as ASCII digits, 0-{Max}");
        }

        return ms;
    }
}
