using System.Globalization;

namespace RealtimeGrains.Benchmarks.Speech;

/// <summary>How one decoder did on the shipped set: exact matches on the commands, rejections of the rest.</summary>
internal sealed record SpeechAccuracy(int Commands, int Exact, int Others, int Rejected, IReadOnlyList<string> Misses)
{
    public double ExactRate => Commands == 0 ? 0 : (double)Exact / Commands;

    public double RejectionRate => Others == 0 ? 0 : (double)Rejected / Others;

    /// <summary>Scores <paramref name="outcomes"/>: (expected text, "" for none; what came out, "" for unrecognized; file).</summary>
    public static SpeechAccuracy Of(IEnumerable<(string Expected, string Actual, string File)> outcomes)
    {
        int commands = 0, exact = 0, others = 0, rejected = 0;
        var misses = new List<string>();
        foreach (var (expected, actual, file) in outcomes)
        {
            var ok = expected == actual;
            if (expected.Length > 0)
            {
                commands++;
                exact += ok ? 1 : 0;
            }
            else
            {
                others++;
                rejected += ok ? 1 : 0;
            }

            if (!ok)
            {
                misses.Add($"{file}: expected '{expected}', got '{actual}'");
            }
        }

        return new SpeechAccuracy(commands, exact, others, rejected, misses);
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Exact}/{Commands} commands exact ({ExactRate:P1}), {Rejected}/{Others} out-of-grammar and silence rejected ({RejectionRate:P1})");
}
