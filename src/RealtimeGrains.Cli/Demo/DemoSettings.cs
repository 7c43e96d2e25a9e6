namespace RealtimeGrains.Cli.Demo;

/// <summary>What <c>rtg demo</c> was asked for.</summary>
/// <param name="Duration">How long load runs (events, metrics, task rounds); the run then drains and checks.</param>
/// <param name="KillSilo">Stop one silo of the embedded cluster hard, at <see cref="KillAt"/>.</param>
/// <param name="KeepRunning">Keep the embedded cluster up after the summary, until Ctrl+C.</param>
/// <param name="CorruptFraction">Fraction of event batch sends whose bytes get one flipped bit on the way.</param>
/// <param name="Json">The summary as JSON on stdout; progress lines go to stderr.</param>
internal sealed record DemoSettings(TimeSpan Duration, bool KillSilo, bool KeepRunning, double CorruptFraction, bool Json)
{
    /// <summary>Events published per second (paced, so the rest of the demo keeps its share of the machine).</summary>
    public const int EventsPerSecond = 10_000;

    /// <summary>Distinct event keys.</summary>
    public const int EventKeys = 1_000;

    /// <summary>When the silo is stopped: 40% into the run, so there is load before and after it.</summary>
    public TimeSpan KillAt => Duration * 0.4;
}
