using Microsoft.Extensions.Configuration;
using RealtimeGrains.Hosting;
using RealtimeGrains.Streaming.Windows;

namespace RealtimeGrains.Tests.Streaming.Windows;

[Trait("Tier", "Unit")]
public sealed class WindowDeclarationTests
{
    private const string Key = "RealtimeGrains:Streaming:Streams:metrics:Window";

    [Fact]
    public void Validate_Defaults_IsOneSecondTumblingWithDefaultAggregates()
    {
        var declaration = new WindowDeclaration();

        Assert.Empty(Errors(declaration));
        var spec = declaration.ToSpec();
        Assert.Equal(1000, spec.Assigner.SizeMs);
        Assert.Equal(1000, spec.Assigner.SlideMs);
        Assert.Equal(0, spec.AllowedLatenessMs);
        Assert.Equal(WindowAggregates.Count | WindowAggregates.Sum | WindowAggregates.Min | WindowAggregates.Max | WindowAggregates.Mean | WindowAggregates.P99, spec.Aggregates);
        Assert.True(spec.NeedsSketch);
    }

    [Fact]
    public void ToSpec_SlidingWithAggregatesInAnyCase_ParsesThem()
    {
        var declaration = new WindowDeclaration { Kind = "Sliding", SizeMs = 60_000, SlideMs = 1_000, AllowedLatenessMs = 5_000, LateOutput = "late" };
        declaration.Aggregates.Add("COUNT");
        declaration.Aggregates.Add("p90");
        declaration.Aggregates.Add("Mean");

        Assert.Empty(Errors(declaration, ["metrics", "late"]));
        var spec = declaration.ToSpec();
        Assert.Equal(60, spec.Assigner.WindowsPerEvent);
        Assert.Equal(WindowAggregates.Count | WindowAggregates.P90 | WindowAggregates.Mean, spec.Aggregates);
        Assert.Equal(5_000, spec.AllowedLatenessMs);
        Assert.Equal("late", spec.LateOutput);
    }

    [Fact]
    public void ToSpec_WithoutCountOrPercentiles_StillCountsAndNeedsNoSketch()
    {
        var declaration = new WindowDeclaration();
        declaration.Aggregates.Add("sum");

        var spec = declaration.ToSpec();

        Assert.Equal(WindowAggregates.Count | WindowAggregates.Sum, spec.Aggregates);
        Assert.False(spec.NeedsSketch);
    }

    [Theory]
    [InlineData("tumbling", 0, null, 0, $"{Key}:SizeMs = '0' is not valid; allowed: 1-31622400000")]
    [InlineData("tumbling", -5, null, 0, $"{Key}:SizeMs = '-5' is not valid; allowed: 1-31622400000")]
    [InlineData("tumbling", 31622400001, null, 0, $"{Key}:SizeMs = '31622400001' is not valid; allowed: 1-31622400000")]
    [InlineData("hopping", 1000, null, 0, $"{Key}:Kind = 'hopping' is not valid; allowed: tumbling, sliding")]
    [InlineData("tumbling", 1000, 500L, 0, $"{Key}:SlideMs = '500' is not valid; allowed: unset for tumbling windows (they slide by their size); set Kind to sliding for overlapping windows")]
    [InlineData("sliding", 1000, 2000L, 0, $"{Key}:SlideMs = '2000' is not valid; allowed: 1-1000 (at most SizeMs: a longer slide would leave gaps that no window covers)")]
    [InlineData("sliding", 1000, 0L, 0, $"{Key}:SlideMs = '0' is not valid; allowed: 1-1000 (at most SizeMs: a longer slide would leave gaps that no window covers)")]
    [InlineData("sliding", 1000, 300L, 0, $"{Key}:SlideMs = '300' is not valid; allowed: a divisor of SizeMs 1000, so that every event falls in exactly SizeMs/SlideMs windows")]
    [InlineData("sliding", 60000, 100L, 0, $"{Key}:SlideMs = '100' is not valid; allowed: at least 600 (each event updates SizeMs/SlideMs windows, at most 100)")]
    [InlineData("tumbling", 1000, null, -1, $"{Key}:AllowedLatenessMs = '-1' is not valid; allowed: 0-31622400000")]
    public void Validate_BadValue_NamesKeyValueAndAllowed(string kind, long size, long? slide, long lateness, string expected)
    {
        var declaration = new WindowDeclaration { Kind = kind, SizeMs = size, SlideMs = slide, AllowedLatenessMs = lateness };

        Assert.Equal([expected], Errors(declaration));
    }

    [Fact]
    public void Validate_UnknownAggregate_ListsTheKnownOnes()
    {
        var declaration = new WindowDeclaration();
        declaration.Aggregates.Add("count");
        declaration.Aggregates.Add("p95");

        Assert.Equal([$"{Key}:Aggregates:1 = 'p95' is not valid; allowed: count, sum, min, max, mean, p50, p90, p99"], Errors(declaration));
        Assert.Throws<ArgumentException>(declaration.ToSpec);
    }

    [Fact]
    public void Validate_LateOutputNotDeclared_ListsDeclaredStreams()
    {
        var declaration = new WindowDeclaration { LateOutput = "nowhere" };

        Assert.Equal([$"{Key}:LateOutput = 'nowhere' is not valid; allowed: a declared stream (late, metrics)"], Errors(declaration, ["metrics", "late"]));
        Assert.Equal([$"{Key}:LateOutput = ' ' is not valid; allowed: a stream name"], Errors(new WindowDeclaration { LateOutput = " " }));
    }

    [Fact]
    public void Validate_SlideEqualToSize_IsFineForEitherKind()
    {
        Assert.Empty(Errors(new WindowDeclaration { SizeMs = 500, SlideMs = 500 }));
        Assert.Empty(Errors(new WindowDeclaration { Kind = "sliding", SizeMs = 500 }));
        Assert.Equal(1, new WindowDeclaration { Kind = "sliding", SizeMs = 500 }.ToSpec().Assigner.WindowsPerEvent);
    }

    [Fact]
    public void Bind_FromConfiguration_ReadsEveryProperty()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{Key}:Kind"] = "sliding",
            [$"{Key}:SizeMs"] = "10000",
            [$"{Key}:SlideMs"] = "2000",
            [$"{Key}:Aggregates:0"] = "count",
            [$"{Key}:Aggregates:1"] = "p50",
            [$"{Key}:AllowedLatenessMs"] = "250",
            [$"{Key}:LateOutput"] = "late",
        }).Build();
        var bindErrors = new List<string>();

        var declaration = OptionCheck.Bind<WindowDeclaration>(configuration, Key, bindErrors);

        Assert.Empty(bindErrors);
        Assert.Empty(Errors(declaration));
        Assert.Equal(["count", "p50"], declaration.Aggregates);
        var spec = declaration.ToSpec();
        Assert.Equal((10_000, 2_000, 250), (spec.Assigner.SizeMs, spec.Assigner.SlideMs, spec.AllowedLatenessMs));
        Assert.Equal("late", spec.LateOutput);
    }

    private static List<string> Errors(WindowDeclaration declaration, string[]? streams = null)
    {
        var errors = new List<string>();
        declaration.Validate(Key, errors, streams);
        return errors;
    }
}
