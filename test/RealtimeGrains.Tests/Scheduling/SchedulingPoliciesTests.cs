using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Tests.Scheduling;

public sealed class SchedulingPoliciesTests
{
    [Theory]
    [InlineData("fcfs", "fcfs", typeof(FcfsPolicy))]
    [InlineData("SJF", "sjf", typeof(SjfPolicy))]
    [InlineData("Priority", "priority", typeof(PriorityPolicy))]
    public void Create_KnownNameAnyCase_ReturnsThatPolicy(string name, string expectedName, Type expectedType)
    {
        var policy = SchedulingPolicies.Create(name, new DurationEstimator(), 0);

        Assert.Equal(expectedName, policy.Name);
        Assert.IsType(expectedType, policy);
        Assert.Equal(0, policy.Count);
    }

    [Theory]
    [InlineData("lifo")]
    [InlineData("")]
    [InlineData(" fcfs")]
    public void Create_UnknownName_ThrowsListingAllowedNames(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => SchedulingPolicies.Create(name, new DurationEstimator(), 0));

        Assert.Equal($"unknown policy '{name}'; allowed: fcfs, sjf, priority", ex.Message);
    }

    [Fact]
    public void Create_PriorityWithNegativeAging_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SchedulingPolicies.Create("priority", new DurationEstimator(), -1));
    }

    [Fact]
    public void Create_PriorityWithAging_UsesRate()
    {
        var policy = Assert.IsType<PriorityPolicy>(SchedulingPolicies.Create("priority", new DurationEstimator(), 2.5));

        Assert.Equal(2.5, policy.AgingPerSecond);
    }

    [Theory]
    [InlineData("fcfs", true)]
    [InlineData("Sjf", true)]
    [InlineData("PRIORITY", true)]
    [InlineData("lifo", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsKnown_Name_MatchesCreate(string? name, bool expected)
    {
        Assert.Equal(expected, SchedulingPolicies.IsKnown(name));
    }

    [Fact]
    public void Names_ListsAllPoliciesInOrder()
    {
        Assert.Equal(["fcfs", "sjf", "priority"], SchedulingPolicies.Names);
        Assert.All(SchedulingPolicies.Names, name => Assert.Equal(name, TestTasks.Create(name).Name));
    }
}
