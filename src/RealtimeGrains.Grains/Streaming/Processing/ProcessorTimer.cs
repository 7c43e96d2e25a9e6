namespace RealtimeGrains.Streaming.Processing;

/// <summary>A fired timer: its name, when it was due, and whether it ran on event time (the watermark) or processing time.</summary>
public readonly record struct ProcessorTimer(string Name, DateTimeOffset Due, bool EventTime);
