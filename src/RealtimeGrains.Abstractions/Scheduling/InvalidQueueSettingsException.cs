namespace RealtimeGrains.Scheduling;

/// <summary>A queue name or queue setting is out of range (concurrency, maximum length, aging rate).</summary>
[GenerateSerializer, Alias("rtg.invalid-queue-settings-exception")]
public sealed class InvalidQueueSettingsException(string message) : RequestRejectedException(message);
