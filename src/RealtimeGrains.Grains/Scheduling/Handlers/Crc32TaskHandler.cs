using System.IO.Hashing;

namespace RealtimeGrains.Scheduling.Handlers;

/// <summary><c>crc32</c>: returns the CRC-32 (IEEE, as System.IO.Hashing computes it) of the payload as 4 bytes, little-endian.</summary>
internal sealed class Crc32TaskHandler : ITaskHandler
{
    public string Name => "crc32";

    public bool MayBlock => false;

    public ValueTask<byte[]> ExecuteAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Crc32.Hash(payload.Span));
}
