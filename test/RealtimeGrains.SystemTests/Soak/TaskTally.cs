namespace RealtimeGrains.SystemTests.Soak;

/// <summary>Tasks the queue accepted, and the most finished (completed or failed) it has reported.</summary>
internal sealed class TaskTally
{
    private long _accepted;
    private long _finished;

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Finished => Interlocked.Read(ref _finished);

    public void AddAccepted(int count) => Interlocked.Add(ref _accepted, count);

    /// <summary>Keeps the larger of the known and the reported count (replies can arrive out of order); true when it grew.</summary>
    public bool SawFinished(long reported)
    {
        var known = Finished;
        while (reported > known)
        {
            var seen = Interlocked.CompareExchange(ref _finished, reported, known);
            if (seen == known)
            {
                return true;
            }

            known = seen;
        }

        return false;
    }
}
