using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RealtimeGrains.Cli.Demo;

/// <summary>Live panels on a terminal (Spectre.Console), redrawn twice a second, then the summary as tables.</summary>
internal sealed class LiveView(TextWriter output) : IDemoView
{
    private const int SpeechRowsShown = 4;
    private readonly IAnsiConsole _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });

    public Task ShowAsync(Func<DemoFrame> frame, Task done) =>
        _console.Live(Render(frame())).AutoClear(true).Overflow(VerticalOverflow.Ellipsis).StartAsync(async context =>
        {
            while (!done.IsCompleted)
            {
                await Task.WhenAny(done, Task.Delay(TimeSpan.FromMilliseconds(500)));
                context.UpdateTarget(Render(frame()));
                context.Refresh();
            }
        });

    public void Summary(DemoSummary summary)
    {
        _console.WriteLine();
        _console.Write(new Rule(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"rtg demo: {summary.DurationSeconds:0.0} s on the {summary.Cluster} cluster"))));
        _console.Write(Table(DemoTables.Events(summary.Events)));
        _console.Write(Table(DemoTables.Policies(summary.Scheduling)));
        _console.Write(summary.Speech.Lines.Count == 0
            ? Table(DemoTables.Placement(summary.Placement))
            : new Columns(Table(DemoTables.Placement(summary.Placement)), Table(DemoTables.Speech(summary.Speech.Lines))));
        _console.MarkupLine(Markup.Escape($"metrics: {summary.Metrics.Windows} windows of {summary.Metrics.Hosts} hosts from {DemoTables.N(summary.Metrics.Published)} latencies"));
        _console.MarkupLine(Markup.Escape(DemoTables.SpeechLine(summary.Speech)));
        if (DemoTables.Kill(summary.Kill) is { } kill)
        {
            _console.MarkupLine(Markup.Escape("kill: " + kill));
        }

        _console.MarkupLine($"[{(summary.NothingLost ? "green" : "red")} bold]{Markup.Escape(DemoTables.Verdict(summary))}[/]");
        if (summary.Dashboard is not null)
        {
            _console.MarkupLine($"Dashboard: [link]{Markup.Escape(summary.Dashboard)}[/]");
        }
    }

    public void Note(string line) => _console.MarkupLine(Markup.Escape(line));

    private static Rows Render(DemoFrame f)
    {
        var progress = Math.Clamp(f.Elapsed / f.Duration, 0, 1);
        var bar = new string('█', (int)(progress * 30)) + new string('░', 30 - (int)(progress * 30));
        var parts = new List<IRenderable>
        {
            new Markup(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"rtg demo  {bar}  {f.Elapsed.TotalSeconds:0}/{f.Duration.TotalSeconds:0} s  {f.Phase}"))),
            new Columns(Table(DemoTables.LiveEvents(f)), Table(DemoTables.Windows(f))),
            Table(DemoTables.Policies(f.Policies)),
            new Columns(Table(DemoTables.Placement(f.Silos)), f.SpeechSkipped is { } skipped
                ? new Markup(Markup.Escape(skipped))
                : Table(DemoTables.Speech([.. f.Speech.TakeLast(SpeechRowsShown)]))),
        };
        if (DemoTables.Kill(f.Kill) is { } kill)
        {
            parts.Add(new Markup($"[red]{Markup.Escape(kill)}[/]"));
        }

        return new Rows(parts);
    }

    private static Table Table(DemoTable source)
    {
        var table = new Table().RoundedBorder().Title(Markup.Escape(source.Title));
        foreach (var column in source.Header)
        {
            table.AddColumn(Markup.Escape(column));
        }

        foreach (var row in source.Rows)
        {
            table.AddRow([.. row.Select(Markup.Escape)]);
        }

        return table;
    }
}
