namespace RealtimeGrains.Client.Streaming;

/// <summary>One output of a stream with its value read as <typeparamref name="T"/>.</summary>
/// <param name="Stream">The stream the output belongs to.</param>
/// <param name="Key">The output's key.</param>
/// <param name="Sequence">Per-key sequence, from 1, dense.</param>
/// <param name="Time">The output's event time, or when its partition received it.</param>
/// <param name="Value">The payload: a typed value read through Orleans' serializer, or raw bytes / UTF-8 text.</param>
public sealed record Output<T>(string Stream, string Key, long Sequence, DateTimeOffset Time, T Value);
