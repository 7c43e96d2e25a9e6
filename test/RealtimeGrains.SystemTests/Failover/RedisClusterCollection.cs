using RealtimeGrains.SystemTests.Infrastructure;

namespace RealtimeGrains.SystemTests.Failover;

/// <summary>
/// One Redis for every cluster test, and the tests one after another: each runs three silo
/// processes, more at once would starve a 2-core machine and distort the times they measure.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "redis-cluster";
}
