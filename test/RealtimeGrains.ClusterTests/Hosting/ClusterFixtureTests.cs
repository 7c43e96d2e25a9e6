namespace RealtimeGrains.ClusterTests.Hosting;

[Collection(ClusterCollection.Name)]
public sealed class ClusterFixtureTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ManagementGrain_TwoSiloFixture_ReportsTwoActiveSilos()
    {
        var hosts = await fixture.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);

        Assert.Equal(2, hosts.Count);
        Assert.All(hosts.Values, status => Assert.Equal(SiloStatus.Active, status));
    }
}
