using System.Collections.Concurrent;
using RealtimeGrains.Speech.Recognition.Native;

namespace RealtimeGrains.Speech.Recognition;

/// <summary>
/// Decoders of one process: created on first need up to a fixed count (a model load costs far more than a
/// decode), lent to one caller at a time; callers beyond the count wait for a return.
/// </summary>
internal sealed class DecoderPool(int size, Func<PocketSphinxDecoder> create) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(size, size);
    private readonly ConcurrentBag<PocketSphinxDecoder> _idle = [];
    private int _created;
    private bool _disposed;

    /// <summary>Decoders created so far.</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>Waits for a free decoder (or a free slot to create one) and lends it.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired while waiting.</exception>
    public PocketSphinxDecoder Rent(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _slots.Wait(cancellationToken);
        if (_idle.TryTake(out var decoder))
        {
            return decoder;
        }

        try
        {
            decoder = create();
            Interlocked.Increment(ref _created);
            return decoder;
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Takes a decoder back; after <see cref="Dispose"/> it is freed instead.</summary>
    public void Return(PocketSphinxDecoder decoder)
    {
        if (Volatile.Read(ref _disposed))
        {
            decoder.Dispose();
            return;
        }

        _idle.Add(decoder);
        _slots.Release();
        if (Volatile.Read(ref _disposed))
        {
            FreeIdle();
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        FreeIdle();
    }

    private void FreeIdle()
    {
        while (_idle.TryTake(out var decoder))
        {
            decoder.Dispose();
        }
    }
}
