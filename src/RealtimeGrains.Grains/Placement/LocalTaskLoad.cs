using Microsoft.Extensions.Options;

namespace RealtimeGrains.Placement;

/// <summary>
/// This silo's task slots: how many task handlers run here at once (capacity × slots per capacity).
/// Task grains hold a slot while their handler runs; the count is published with the silo's load.
/// </summary>
public sealed class LocalTaskLoad(IOptions<PlacementOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.EffectiveTaskSlots, options.Value.EffectiveTaskSlots);
    private int _running;

    /// <summary>Task slots of this silo.</summary>
    public int Slots { get; } = options.Value.EffectiveTaskSlots;

    /// <summary>Handlers running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Waits for a free slot; dispose the result to free it.</summary>
    public async ValueTask<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _running);
        return new Slot(this);
    }

    public void Dispose() => _slots.Dispose();

    private void Release()
    {
        Interlocked.Decrement(ref _running);
        _slots.Release();
    }

    private sealed class Slot(LocalTaskLoad owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release();
            }
        }
    }
}
