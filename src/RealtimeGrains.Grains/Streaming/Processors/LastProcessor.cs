using System.Text;

namespace RealtimeGrains.Streaming.Processors;

/// <summary><c>last</c>: the last payload applied per key (rendered as UTF-8 text).</summary>
internal sealed class LastProcessor : IKeyedProcessor
{
    public bool Apply(KeyState state, ReadOnlySpan<byte> payload)
    {
        state.Bytes = payload.ToArray();
        return true;
    }

    public string Render(KeyState state) => state.Bytes is null ? "" : Encoding.UTF8.GetString(state.Bytes);
}
