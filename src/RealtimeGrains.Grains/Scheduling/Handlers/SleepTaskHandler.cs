namespace RealtimeGrains.Scheduling.Handlers;

/// <summary><c>sleep</c>: waits for the payload's milliseconds (ASCII digits) without using CPU; returns an empty result.</summary>
internal sealed class SleepTaskHandler(TimeProvider time) : ITaskHandler
{
    public string Name => "sleep";

    public bool MayBlock => false;

    public async ValueTask<byte[]> ExecuteAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var ms = Milliseconds.Parse(Name, payload);
        await Task.Delay(TimeSpan.FromMilliseconds(ms), time, cancellationToken).ConfigureAwait(false);
        return [];
    }
}
