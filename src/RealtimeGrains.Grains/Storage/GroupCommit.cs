namespace RealtimeGrains.Storage;

/// <summary>
/// Coalesces state writes of one grain activation: at most one write is in flight, and every
/// request made while it runs is served by the next single write. Not thread-safe: the grain's
/// single-threaded scheduler calls it.
/// </summary>
internal sealed class GroupCommit(Func<Task> write, TimeProvider time, TimeSpan minInterval)
{
    private TaskCompletionSource? _next;
    private bool _writing;
    private bool _flushScheduled;

    /// <summary>
    /// Asks for a write within <paramref name="delay"/> without waiting for it: changes nobody waits on
    /// (starts, completions) ride along with the next requested write, or go out after the delay.
    /// </summary>
    public void CommitSoon(TimeSpan delay)
    {
        if (_flushScheduled || _next is not null)
        {
            return;
        }

        _flushScheduled = true;
        _ = FlushAsync(delay);
    }

    /// <summary>Completes when a write that started after this call has finished (faults when it fails).</summary>
    public Task CommitAsync()
    {
        var next = _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_writing)
        {
            _ = RunAsync();
        }

        return next.Task;
    }

    private async Task FlushAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, time);
        }
        finally
        {
            _flushScheduled = false;
        }

        try
        {
            await CommitAsync();
        }
        catch (Exception)
        {
            // The write's owner handles (and logs) its failure; nobody waits for this one.
        }
    }

    private async Task RunAsync()
    {
        _writing = true;
        try
        {
            while (_next is not null)
            {
                if (minInterval > TimeSpan.Zero)
                {
                    await Task.Delay(minInterval, time);
                }

                var batch = _next;
                _next = null;
                try
                {
                    await write();
                    batch.SetResult();
                }
                catch (Exception ex)
                {
                    batch.SetException(ex);
                }
            }
        }
        finally
        {
            _writing = false;
        }
    }
}
