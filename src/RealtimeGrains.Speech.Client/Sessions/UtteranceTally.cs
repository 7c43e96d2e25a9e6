namespace RealtimeGrains.Speech.Client.Sessions;

/// <summary>
/// Which utterances of a session have a result, and whether the service said the results are complete (a result
/// marked <see cref="SpeechResult.Last"/>, sent once the session is closed and nothing of it is being recognized).
/// </summary>
internal sealed class UtteranceTally
{
    private readonly HashSet<int> _received = [];

    public int Received => _received.Count;

    /// <summary>Counts <paramref name="result"/>; false when its utterance was counted already or it is the end marker.</summary>
    public bool Add(SpeechResult result)
    {
        Complete |= result.Last;
        return result.Utterance > 0 && _received.Add(result.Utterance);
    }

    /// <summary>The service sent the session's last result.</summary>
    public bool Complete { get; private set; }
}
