using System.Buffers.Text;
using System.Globalization;

namespace RealtimeGrains.Streaming.Processors;

/// <summary><c>sum</c>: the sum of payloads, each a number in UTF-8 text (<c>12.5</c>, <c>-3</c>, <c>1e3</c>).</summary>
internal sealed class SumProcessor : IKeyedProcessor
{
    public bool Apply(KeyState state, ReadOnlySpan<byte> payload)
    {
        payload = payload.Trim((byte)' ');
        if (!Utf8Parser.TryParse(payload, out double value, out var consumed, 'G') && !Utf8Parser.TryParse(payload, out value, out consumed, 'E'))
        {
            return false;
        }

        if (consumed != payload.Length || !double.IsFinite(value))
        {
            return false;
        }

        state.Number += value;
        return true;
    }

    public string Render(KeyState state) => state.Number.ToString("R", CultureInfo.InvariantCulture);
}
