namespace RealtimeGrains.Scheduling.Handlers;

/// <summary><c>echo</c>: returns the payload.</summary>
internal sealed class EchoTaskHandler : ITaskHandler
{
    public string Name => "echo";

    public bool MayBlock => false;

    public ValueTask<byte[]> ExecuteAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        ValueTask.FromResult(payload.ToArray());
}
