namespace RealtimeGrains.Speech.Client;

/// <summary>One result of a session as its client received it.</summary>
/// <param name="Result">The service's result.</param>
/// <param name="LatencyMs">
/// End-to-end latency measured at the client: from sending the frame that holds the utterance's last voiced audio
/// (<see cref="SpeechResult.EndMs"/>) to the result's arrival, in milliseconds; null when this session did not send that frame.
/// </param>
public sealed record SessionResult(SpeechResult Result, double? LatencyMs);
