using System.IO.Hashing;
using System.Security.Cryptography;

namespace RealtimeGrains.Streaming.State;

/// <summary>
/// Compares keys held as UTF-8 bytes by content, and looks them up by span (no copy per lookup). Hashes with
/// XxHash3 under a seed chosen per process, so keys picked to collide cannot degrade a table.
/// </summary>
internal sealed class KeyBytesComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly KeyBytesComparer Instance = new();

    private readonly long _seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));

    public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => other is not null && alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => (int)XxHash3.HashToUInt64(alternate, _seed);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
}
