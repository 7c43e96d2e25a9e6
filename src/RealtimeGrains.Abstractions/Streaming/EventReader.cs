namespace RealtimeGrains.Streaming;

/// <summary>Reads packed events without copying; stops (and sets <see cref="Malformed"/>) at the first bad length.</summary>
public ref struct EventReader(ReadOnlySpan<byte> events)
{
    private readonly ReadOnlySpan<byte> _events = events;
    private int _offset;

    /// <summary>True once a length ran past the end or a varint was invalid.</summary>
    public bool Malformed { get; private set; }

    /// <summary>True when every byte was consumed.</summary>
    public readonly bool End => _offset == _events.Length;

    /// <summary>Reads the next event.</summary>
    public bool TryRead(out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> payload)
    {
        key = default;
        payload = default;
        if (Malformed || End)
        {
            return false;
        }

        if (!TryReadLength(out var keyLength) || !TryTake(keyLength, out key)
            || !TryReadLength(out var payloadLength) || !TryTake(payloadLength, out payload))
        {
            Malformed = true;
            return false;
        }

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

    private bool TryReadLength(out int length)
    {
        length = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (_offset >= _events.Length)
            {
                return false;
            }

            var b = _events[_offset++];
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return length >= 0;
            }
        }

        return false;
    }
}
