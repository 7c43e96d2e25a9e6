namespace RealtimeGrains.Speech.Client.Sessions;

/// <summary>
/// Which utterances of a session have a result. The session's results are complete once the utterance its close cut
/// (<see cref="UtteranceEnd.Closed"/>) and every utterance before it have arrived.
/// </summary>
internal sealed class UtteranceTally
{
    private readonly HashSet<int> _received = [];
    private int _closedUtterance;

    public int Received => _received.Count;

    /// <summary>Counts <paramref name="result"/>; false when its utterance was counted already.</summary>
    public bool Add(SpeechResult result)
    {
        if (result.End == UtteranceEnd.Closed)
        {
            _closedUtterance = Math.Max(_closedUtterance, result.Utterance);
        }

        return _received.Add(result.Utterance);
    }

    /// <summary>True when the close cut an utterance and it and all before it have a result.</summary>
    public bool Complete => _closedUtterance > 0 && Enumerable.Range(1, _closedUtterance).All(_received.Contains);
}
