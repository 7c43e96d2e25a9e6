using System.Globalization;

namespace RealtimeGrains.Streaming.Processors;

/// <summary><c>count</c>: the number of events per key; payloads are ignored.</summary>
internal sealed class CountProcessor : IKeyedProcessor
{
    public bool Apply(KeyState state, ReadOnlySpan<byte> payload) => true;

    public string Render(KeyState state) => state.Count.ToString(CultureInfo.InvariantCulture);
}
