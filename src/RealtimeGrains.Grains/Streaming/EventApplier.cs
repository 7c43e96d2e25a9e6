using System.Text;
using RealtimeGrains.Streaming.Processors;

namespace RealtimeGrains.Streaming;

/// <summary>Applies the events of a checked batch to per-key state. Pure code; the batch must have passed <see cref="BatchCodec.Check"/>.</summary>
internal static class EventApplier
{
    /// <summary>Applies every event; returns (applied, rejected by the processor).</summary>
    public static (int Applied, int Rejected) Apply(Dictionary<string, KeyState> keys, ReadOnlySpan<byte> events, IKeyedProcessor processor)
    {
        var lookup = keys.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> chars = stackalloc char[512];
        int applied = 0, rejected = 0;
        var reader = new EventReader(events);
        while (reader.TryRead(out var keyBytes, out var payload))
        {
            var keyChars = keyBytes.Length <= chars.Length ? chars : new char[keyBytes.Length];
            var length = Encoding.UTF8.GetChars(keyBytes, keyChars);
            var key = keyChars[..length];
            if (!lookup.TryGetValue(key, out var state))
            {
                state = new KeyState();
                if (!processor.Apply(state, payload))
                {
                    rejected++;
                    continue;
                }

                state.Count = 1;
                lookup[key] = state;
                applied++;
                continue;
            }

            if (processor.Apply(state, payload))
            {
                state.Count++;
                applied++;
            }
            else
            {
                rejected++;
            }
        }

        return (applied, rejected);
    }
}
