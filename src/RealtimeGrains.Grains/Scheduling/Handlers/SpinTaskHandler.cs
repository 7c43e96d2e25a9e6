using System.Diagnostics;

namespace RealtimeGrains.Scheduling.Handlers;

/// <summary><c>spin</c>: keeps one core busy for the payload's milliseconds (ASCII digits); returns the loop count as 8 bytes, little-endian.</summary>
internal sealed class SpinTaskHandler(TimeProvider time) : ITaskHandler
{
    public string Name => "spin";

    public ValueTask<byte[]> ExecuteAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var ms = Milliseconds.Parse(Name, payload);
        var started = time.GetTimestamp();
        var until = TimeSpan.FromMilliseconds(ms);
        long loops = 0;
        var x = 1.0;
        while (time.GetElapsedTime(started) < until)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < 1000; i++)
            {
                x = Math.Sqrt(x + i);
            }

            loops++;
        }

        Debug.Assert(x >= 0, "keeps the loop from being optimized away");
        return ValueTask.FromResult(BitConverter.GetBytes(loops));
    }
}
