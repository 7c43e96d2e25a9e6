namespace RealtimeGrains.Streaming;

/// <summary>Reads packed events (<see cref="EventWriter"/>) without copying; stops (and sets <see cref="Malformed"/>) at the first bad length.</summary>
public ref struct EventReader(ReadOnlySpan<byte> events)
{
    private readonly ReadOnlySpan<byte> _events = events;
    private int _offset;

    /// <summary>True once a length ran past the end, a varint was invalid or unknown flags were set.</summary>
    public bool Malformed { get; private set; }

    /// <summary>True when every byte was consumed.</summary>
    public readonly bool End => _offset == _events.Length;

    /// <summary>Reads the next event.</summary>
    public bool TryRead(out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> payload) => TryRead(out key, out payload, out _);

    /// <summary>Reads the next event with its event time and payload kind.</summary>
    public bool TryRead(out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> payload, out EventMeta meta)
    {
        key = default;
        payload = default;
        meta = default;
        if (Malformed || End)
        {
            return false;
        }

        if (!TryReadVarint(out var header) || (header >> EventMeta.FlagBits) > int.MaxValue || !TryTake((int)(header >> EventMeta.FlagBits), out key))
        {
            Malformed = true;
            return false;
        }

        var flags = (int)(header & ((1 << EventMeta.FlagBits) - 1));
        long? time = null;
        if ((flags & EventMeta.HasTime) != 0)
        {
            if (!TryReadVarint(out var ms) || ms > long.MaxValue)
            {
                Malformed = true;
                return false;
            }

            time = (long)ms;
        }

        if (!TryReadVarint(out var length) || length > int.MaxValue || !TryTake((int)length, out payload))
        {
            Malformed = true;
            return false;
        }

        meta = new EventMeta(time, (flags & EventMeta.IsTyped) != 0);
        return true;
    }

    private bool TryTake(int length, out ReadOnlySpan<byte> slice)
    {
        if (length > _events.Length - _offset)
        {
            slice = default;
            return false;
        }

        slice = _events.Slice(_offset, length);
        _offset += length;
        return true;
    }

    private bool TryReadVarint(out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_offset >= _events.Length)
            {
                return false;
            }

            var b = _events[_offset++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
