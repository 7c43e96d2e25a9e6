using Polly;
using RealtimeGrains.Client.Telemetry;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>What a producer's partition loops share: identity, options, time, how batches go out, counters and how to stop the producer.</summary>
internal sealed record ProducerContext(
    Guid ProducerId, ProducerOptions Options, TimeProvider Time, IBatchTransport Transport, ResiliencePipeline<BatchRejection?> SendPipeline, ProducerCounters Counters, LatencyHistogram AckLatency, Action<string> Fail);
