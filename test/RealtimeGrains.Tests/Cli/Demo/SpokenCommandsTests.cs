using RealtimeGrains.Cli.Demo;

namespace RealtimeGrains.Tests.Cli.Demo;

[Trait("Tier", "Unit")]
public sealed class SpokenCommandsTests
{
    [Fact]
    public void FindDirectory_FromTheRepository_FindsTheShippedTestSet()
    {
        var directory = SpokenCommands.FindDirectory();

        Assert.NotNull(directory);
        Assert.True(File.Exists(Path.Combine(directory, "manifest.tsv")));
    }

    [Fact]
    public void Pick_Eight_OneCleanRecordingOfEachOfEightCommands()
    {
        var picked = SpokenCommands.Pick(SpokenCommands.FindDirectory()!, 8);

        Assert.Equal(8, picked.Count);
        Assert.Equal(8, picked.Select(c => c.Expected).Distinct().Count());
        Assert.All(picked, c =>
        {
            Assert.True(File.Exists(c.File), c.File);
            Assert.StartsWith("cmd-" + c.Expected.Replace(' ', '-'), c.Name, StringComparison.Ordinal);
            Assert.DoesNotContain("-pink", c.Name, StringComparison.Ordinal);
            Assert.DoesNotContain("-brown", c.Name, StringComparison.Ordinal);
        });
    }
}
