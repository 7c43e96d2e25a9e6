namespace RealtimeGrains.Benchmarks.Streams;

/// <summary>The same streams load through a client and gateway that use mutual TLS (<c>streams --tls</c>).</summary>
internal sealed record TlsStreamsResult(
    double EventsPerSecond, double Ratio, IReadOnlyList<double> Runs, double HalfRateAckP50Ms, double HalfRateAckP99Ms);
