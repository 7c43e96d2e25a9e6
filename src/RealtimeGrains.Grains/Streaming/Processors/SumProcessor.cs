using System.Buffers.Text;
using RealtimeGrains.Streaming.Processing;

namespace RealtimeGrains.Streaming.Processors;

/// <summary>
/// <c>sum</c>: the sum of payloads per key: raw payloads are numbers in UTF-8 text (<c>12.5</c>, <c>-3</c>,
/// <c>1e3</c>); typed ones any .NET number. Anything else is rejected.
/// </summary>
internal sealed class SumProcessor : KeyedProcessor<double, double>
{
    public override IStateCodec<double> StateCodec => DoubleStateCodec.Instance;

    public override void Process(ReadOnlySpan<byte> payload, ref KeyContext<double, double> context)
    {
        if (TryParse(payload, out var value))
        {
            context.State += value;
        }
        else
        {
            context.Reject("payload is not a finite number in UTF-8 text");
        }
    }

    internal override void Dispatch(ReadOnlySpan<byte> payload, EventMeta meta, ref KeyContext<double, double> context)
    {
        if (!meta.Typed)
        {
            Process(payload, ref context);
            return;
        }

        if (!context.Runtime.TryDecode<object>(payload, out var decoded, out var error))
        {
            context.Reject(error);
        }
        else if (AsNumber(decoded) is { } number)
        {
            context.State += number;
        }
        else
        {
            context.Reject($"sum takes numbers, not {decoded.GetType().Name}");
        }
    }

    /// <summary>A typed event as a finite number, or null when it is none.</summary>
    internal static double? AsNumber(object? value) =>
        value is byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal
        && Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) is var number && double.IsFinite(number) ? number : null;

    internal static bool TryParse(ReadOnlySpan<byte> payload, out double value)
    {
        payload = payload.Trim((byte)' ');
        if (!Utf8Parser.TryParse(payload, out value, out var consumed, 'G') && !Utf8Parser.TryParse(payload, out value, out consumed, 'E'))
        {
            return false;
        }

        return consumed == payload.Length && double.IsFinite(value);
    }
}
