using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace RealtimeGrains.Benchmarks.Outputs;

/// <summary>Every <c>rtg.processor.timer.lag</c> measurement of the in-process silos.</summary>
internal sealed class TimerLagRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private ConcurrentQueue<long> _lags = new();

    public TimerLagRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "RealtimeGrains" && instrument.Name == "rtg.processor.timer.lag")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => _lags.Enqueue(value));
        _listener.Start();
    }

    /// <summary>The lags recorded since the last call, sorted.</summary>
    public long[] Take()
    {
        var lags = Interlocked.Exchange(ref _lags, new ConcurrentQueue<long>()).ToArray();
        Array.Sort(lags);
        return lags;
    }

    public void Dispose() => _listener.Dispose();
}
