using System.Runtime.CompilerServices;
using System.Threading.Channels;
using RealtimeGrains.Speech.Client.Sessions;

namespace RealtimeGrains.Speech.Client;

/// <summary>The session's results: one pump reads the feed, stamps each result's arrival and decides when the results end.</summary>
public sealed partial class SpeechSession
{
    private readonly IResultFeed _feed;
    private readonly TimeSpan _resultsGrace;
    private readonly Channel<SessionResult> _results = Channel.CreateUnbounded<SessionResult>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly CancellationTokenSource _disposing = new();
    private readonly CancellationTokenSource _grace;
    private readonly UtteranceTally _tally = new();
    private readonly Lock _gate = new();
    private readonly Task _pump;
    private bool _closeAcknowledged;
    private int _disposed;

    /// <summary>
    /// The session's results as they arrive, each with its client-measured latency. The enumeration ends when the
    /// service sends the session's last result (it does once the session is closed and nothing of it is still being
    /// recognized), when <see cref="SpeechClientOptions.ResultsGrace"/> passes after the close with no new result
    /// (a bound for a service that lost the session), or when the session is disposed. One reader at a time.
    /// </summary>
    public async IAsyncEnumerable<SessionResult> ReadResultsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var result in _results.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return result;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
        await _feed.DisposeAsync().ConfigureAwait(false);
        _disposing.Dispose();
        _grace.Dispose();
    }

    private void OnCloseAcknowledged()
    {
        bool complete;
        lock (_gate)
        {
            _closeAcknowledged = true;
            complete = _tally.Complete;
        }

        if (complete)
        {
            _grace.Cancel();
        }
        else
        {
            _grace.CancelAfter(_resultsGrace);
        }
    }

    private async Task PumpAsync()
    {
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(_disposing.Token, _grace.Token);
            await foreach (var result in _feed.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                var arrived = _time.GetTimestamp();
                bool closed, counted, complete;
                lock (_gate)
                {
                    counted = _tally.Add(result);
                    closed = _closeAcknowledged;
                    complete = _tally.Complete;
                }

                if (closed && !complete)
                {
                    // Before the result is handed on: whoever reads it sees the grace already restarted.
                    _grace.CancelAfter(_resultsGrace);
                }

                if (counted)
                {
                    _results.Writer.TryWrite(new SessionResult(result, _sent.LatencyMs(result.EndMs, arrived)));
                }

                if (complete)
                {
                    break;
                }
            }

            _results.Writer.TryComplete();
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested || _grace.IsCancellationRequested)
        {
            _results.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            _results.Writer.TryComplete(ex);
        }
    }
}
