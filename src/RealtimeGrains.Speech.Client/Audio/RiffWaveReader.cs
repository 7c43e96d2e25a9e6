using System.Buffers.Binary;
using System.Globalization;

namespace RealtimeGrains.Speech.Client.Audio;

/// <summary>Finds a RIFF/WAVE file's <c>fmt </c> and <c>data</c> chunks, skipping every other chunk.</summary>
internal static class RiffWaveReader
{
    private const int ChunkHeader = 8;

    /// <summary>The encoding and the whole sample blocks of a WAV file's bytes.</summary>
    /// <exception cref="WavFormatException">The bytes are not a WAV this client reads; the message says why.</exception>
    public static (WavEncoding Encoding, ReadOnlyMemory<byte> Data) Read(ReadOnlyMemory<byte> file, string name)
    {
        var bytes = file.Span;
        if (bytes.Length == 0)
        {
            throw new WavFormatException(name, "is empty (0 bytes)");
        }

        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes[8..12].SequenceEqual("WAVE"u8))
        {
            throw new WavFormatException(name, "is not a WAV file (no RIFF/WAVE header)");
        }

        WavEncoding? encoding = null;
        var at = 12;
        while (at + ChunkHeader <= bytes.Length)
        {
            var id = bytes.Slice(at, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(at + 4, 4));
            var body = at + ChunkHeader;
            var available = bytes.Length - body;
            if (id.SequenceEqual("data"u8))
            {
                if (encoding is null)
                {
                    throw new WavFormatException(name, "has its data chunk before any fmt chunk, so its samples cannot be read");
                }

                if (size > (uint)available)
                {
                    throw new WavFormatException(name, string.Create(CultureInfo.InvariantCulture,
                        $"has a truncated data chunk: it declares {size} bytes but only {available} follow"));
                }

                var whole = (int)size / encoding.BlockAlign * encoding.BlockAlign;
                if (whole == 0)
                {
                    throw new WavFormatException(name, "has no samples (its data chunk is empty)");
                }

                return (encoding, file.Slice(body, whole));
            }

            if (size > (uint)available)
            {
                throw new WavFormatException(name, string.Create(CultureInfo.InvariantCulture,
                    $"is truncated: its '{Text(id)}' chunk declares {size} bytes but only {available} follow"));
            }

            if (id.SequenceEqual("fmt "u8))
            {
                encoding = WavFormatChunk.Parse(bytes.Slice(body, (int)size), name);
            }

            // Chunks are padded to an even size.
            at = body + (int)size + (int)(size & 1);
        }

        throw new WavFormatException(name, encoding is null ? "has no fmt chunk" : "has no data chunk, so no samples");
    }

    private static string Text(ReadOnlySpan<byte> id)
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            chars[i] = id[i] is >= 0x20 and < 0x7F ? (char)id[i] : '?';
        }

        return new string(chars);
    }
}
