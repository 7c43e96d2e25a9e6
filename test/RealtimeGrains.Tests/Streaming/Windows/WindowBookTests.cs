using RealtimeGrains.Streaming.Windows;
using static RealtimeGrains.Tests.Streaming.Windows.SketchTesting;

namespace RealtimeGrains.Tests.Streaming.Windows;

[Trait("Tier", "Unit")]
public sealed class WindowBookTests
{
    private static readonly WindowSpec Tumbling = new(1000, 1000, WindowAggregates.Sum | WindowAggregates.P50);

    [Fact]
    public void Close_AtWindowEnd_ReportsTheWindowOnce()
    {
        var book = new WindowBook(Tumbling);

        Assert.False(book.Add(100, 1, watermarkMs: 0));
        Assert.False(book.Add(900, 2, watermarkMs: 800));
        Assert.False(book.Add(1200, 5, watermarkMs: 900));

        Assert.Empty(book.Close("k", 999));
        var result = Assert.Single(book.Close("k", 1000));
        Assert.Equal(("k", 0L, 1000L, 2L, (double?)3), (result.Key, result.WindowStart.ToUnixTimeMilliseconds(), result.WindowEnd.ToUnixTimeMilliseconds(), result.Count, result.Sum));
        Assert.Null(result.Max);
        Assert.Empty(book.Close("k", 1000));
        Assert.Equal(1, book.OpenWindows);
        Assert.Equal(2000, book.NextCloseAt);
    }

    [Fact]
    public void Add_AllWindowsClosed_IsLateAndChangesNothing()
    {
        var book = new WindowBook(Tumbling);
        book.Add(1500, 1, 0);

        Assert.True(book.Add(999, 7, watermarkMs: 1000));
        Assert.False(book.Add(1000, 7, watermarkMs: 1000));
        Assert.Equal(1, book.OpenWindows);
        Assert.Equal(2000, book.NextCloseAt);
    }

    [Fact]
    public void Add_WithinAllowedLateness_StillCounts()
    {
        var book = new WindowBook(new WindowSpec(1000, 1000, WindowAggregates.Count, allowedLatenessMs: 500));

        Assert.False(book.Add(900, 1, watermarkMs: 1400));
        Assert.Equal(1500, book.NextCloseAt);
        Assert.Empty(book.Close("k", 1499));
        Assert.Equal(1, Assert.Single(book.Close("k", 1500)).Count);
        Assert.True(book.Add(901, 1, watermarkMs: 1500));
    }

    [Fact]
    public void Add_Sliding_UpdatesOnlyWindowsStillOpen()
    {
        var book = new WindowBook(new WindowSpec(1000, 250, WindowAggregates.Count));

        // 1100 falls in windows starting 250, 500, 750, 1000; at watermark 1500 the first two have closed.
        Assert.False(book.Add(1100, 1, watermarkMs: 1500));

        Assert.Equal([750L, 1000L], book.Close("k", long.MaxValue).Select(r => r.WindowStart.ToUnixTimeMilliseconds()));
    }

    [Fact]
    public void Close_Sliding_ReportsInWindowOrder()
    {
        var book = new WindowBook(new WindowSpec(1000, 500, WindowAggregates.Sum));
        book.Add(2600, 4, 0);
        book.Add(100, 1, 0);
        book.Add(700, 2, 0);

        var results = book.Close("k", 2000);

        Assert.Equal([(-500L, 1.0), (0L, 3.0), (500L, 2.0)], results.Select(r => (r.WindowStart.ToUnixTimeMilliseconds(), r.Sum!.Value)));
        Assert.Equal(3000, book.NextCloseAt);
    }

    [Fact]
    public void Watermark_GoingBack_ReopensNothing()
    {
        var book = new WindowBook(Tumbling);
        book.Add(100, 1, 0);
        Assert.Single(book.Close("k", 2000));

        Assert.True(book.Add(500, 1, watermarkMs: 0));
        Assert.Equal(2000, book.WatermarkMs);
        Assert.Null(book.NextCloseAt);
    }

    [Fact]
    public void Add_BadInput_ThrowsAndChangesNothing()
    {
        var book = new WindowBook(Tumbling);
        book.Add(100, 1, 0);
        var before = Bytes(book.Write);

        Assert.Throws<ArgumentOutOfRangeException>(() => book.Add(long.MaxValue, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => book.Add(WindowBook.MinEventTimeMs - 1, 1, 0));
        Assert.Throws<ArgumentException>(() => book.Add(200, double.NaN, 5000));

        Assert.Equal(before, Bytes(book.Write));
    }

    [Fact]
    public void Add_ExtremeEventTimes_GiveRepresentableWindows()
    {
        var book = new WindowBook(new WindowSpec(WindowDeclaration.MaxDurationMs, WindowDeclaration.MaxDurationMs / 100, WindowAggregates.Count, WindowDeclaration.MaxDurationMs));
        book.Add(WindowBook.MinEventTimeMs, 1, long.MinValue);
        book.Add(WindowBook.MaxEventTimeMs, 1, long.MinValue);

        var results = book.Close("k", long.MaxValue);

        Assert.Equal(200, results.Count);
        Assert.True(results[^1].WindowEnd > DateTimeOffset.FromUnixTimeMilliseconds(WindowBook.MaxEventTimeMs));
    }

    [Fact]
    public void WriteRead_RoundTripsAndBehavesTheSame()
    {
        var spec = new WindowSpec(1000, 250, WindowAggregates.Sum | WindowAggregates.P99, allowedLatenessMs: 100);
        var random = new Random(9);
        var book = new WindowBook(spec);
        for (var i = 0; i < 500; i++)
        {
            book.Add(random.Next(-3000, 3000), random.Next(-100, 100), -2000);
        }

        var bytes = Bytes(book.Write);
        ReadOnlySpan<byte> data = [.. bytes, 0xEE];
        var read = WindowBook.Read(ref data);

        Assert.Equal([0xEE], data.ToArray());
        Assert.Equal(bytes, Bytes(read.Write));
        Assert.Equal((book.WatermarkMs, book.OpenWindows, book.NextCloseAt), (read.WatermarkMs, read.OpenWindows, read.NextCloseAt));
        Assert.Equal(book.Close("k", 1000), read.Close("k", 1000));
        Assert.Equal(book.Close("k", long.MaxValue), read.Close("k", long.MaxValue));
    }

    [Fact]
    public void Read_RestoresTheSpecItWasWrittenWith()
    {
        var spec = new WindowSpec(60_000, 5_000, WindowAggregates.Mean | WindowAggregates.P90, allowedLatenessMs: 250, lateOutput: "late");
        var book = new WindowBook(spec);
        book.Add(5, 1, 0);

        var read = ReadAll(Bytes(book.Write)).Spec;

        Assert.Equal((60_000L, 5_000L, 250L, WindowAggregates.Count | WindowAggregates.Mean | WindowAggregates.P90, (string?)null),
            (read.Assigner.SizeMs, read.Assigner.SlideMs, read.AllowedLatenessMs, read.Aggregates, read.LateOutput));
    }

    [Fact]
    public void Read_Corrupt_IsFormatExceptionNamingTheWindow()
    {
        var book = new WindowBook(Tumbling);
        book.Add(1500, 1, 0);
        book.Add(2500, 2, 0);
        var bytes = Bytes(book.Write);
        // Format 1, 1000 ms sliding by 1000 ms, no lateness, count only, watermark -1, one window at slide 1 holding a count of 0.
        byte[] emptyWindow = [1, 0xE8, 0x07, 0xE8, 0x07, 0, 1, 0x01, 1, 2, 0, 0];
        // The same spec with a slide that does not divide the size.
        byte[] badSpec = [1, 0xE8, 0x07, 0xAC, 0x02, 0, 1, 0x01, 0];

        Assert.Equal("window book window at 1000 is empty (open windows hold at least one event)", Assert.Throws<FormatException>(() => ReadAll(emptyWindow)).Message);
        Assert.StartsWith("window book spec: windows of 1000 ms sliding by 300 ms", Assert.Throws<FormatException>(() => ReadAll(badSpec)).Message, StringComparison.Ordinal);
        Assert.StartsWith("window book window at 2000: ", Assert.Throws<FormatException>(() => ReadAll(bytes[..^3])).Message, StringComparison.Ordinal);
        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            Assert.Throws<FormatException>(() => ReadAll(prefix));
        }
    }

    private static WindowBook ReadAll(byte[] bytes)
    {
        ReadOnlySpan<byte> data = bytes;
        return WindowBook.Read(ref data);
    }
}
