namespace RealtimeGrains.SystemTests.Infrastructure;

/// <summary>The three ports of one silo process.</summary>
internal sealed record SiloPorts(int Silo, int Gateway, int Http);
