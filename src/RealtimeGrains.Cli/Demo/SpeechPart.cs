using RealtimeGrains.Speech.Client;
using RealtimeGrains.Speech.Client.Audio;

namespace RealtimeGrains.Cli.Demo;

/// <summary>
/// A few commands of the shipped test set spoken in real time (two sessions at a time), each with what was heard and the
/// latency of its result. Skipped, with one line saying why, when the test set is not found or the silos have no engine.
/// </summary>
internal sealed class SpeechPart(IClusterClient client)
{
    public const int Commands = 8;
    public const string Install = "apt-get install libpocketsphinx3 pocketsphinx-en-us";
    private const int Sessions = 2;
    private readonly Lock _lock = new();
    private readonly List<SpeechLine> _lines = [];
    private int _next = -1;

    /// <summary>Why speech was skipped, or null.</summary>
    public string? Skipped { get; private set; }

    public IReadOnlyList<SpeechLine> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Speaks the commands until they are done or <paramref name="duration"/> has passed (a started command finishes).</summary>
    public async Task RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        if (SpokenCommands.FindDirectory() is not { } directory)
        {
            Skipped = "speech skipped: the spoken-command test set (test/SpeechCommands) was not found; run the demo from the repository";
            return;
        }

        var commands = SpokenCommands.Pick(directory, Commands);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var speech = new SpeechClient(client);
        await using (speech)
        {
            try
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                await Task.WhenAll(Enumerable.Range(0, Sessions).Select(_ => LaneAsync(speech, commands, () => clock.Elapsed < duration, stop)));
            }
            catch (OperationCanceledException) when (Skipped is not null && !cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    public SpeechOutcome Summary()
    {
        var lines = Lines;
        var latencies = lines.Where(l => l.LatencyMs is not null).Select(l => l.LatencyMs!.Value).ToList();
        return new SpeechOutcome(
            Skipped,
            lines.Count,
            lines.Count(l => l.Correct),
            lines.Count == 0 ? null : Math.Round((double)lines.Count(l => l.Correct) / lines.Count, 3),
            latencies.Count == 0 ? null : Math.Round(latencies.Average()),
            latencies.Count == 0 ? null : Math.Round(latencies.Max()),
            lines);
    }

    private async Task LaneAsync(SpeechClient speech, IReadOnlyList<SpokenCommand> commands, Func<bool> inTime, CancellationTokenSource stop)
    {
        int index;
        while (inTime() && (index = Interlocked.Increment(ref _next)) < commands.Count)
        {
            var command = commands[index];
            var samples = WavFile.Read(command.File).Samples;
            var session = await speech.OpenSessionAsync(cancellationToken: stop.Token);
            await using (session)
            {
                var reading = ReadAsync(session, command, stop);
                await Task.WhenAll(reading, session.StreamAsync(samples, SpeechPace.RealTime, stop.Token));
            }
        }
    }

    private async Task ReadAsync(SpeechSession session, SpokenCommand command, CancellationTokenSource stop)
    {
        var results = new List<SessionResult>();
        await foreach (var result in session.ReadResultsAsync(stop.Token))
        {
            if (result.Result.Error is not null)
            {
                Skipped ??= $"speech skipped: the silos cannot recognize speech (PocketSphinx is missing); to enable it: {Install}";
                await stop.CancelAsync();
                stop.Token.ThrowIfCancellationRequested();
            }

            results.Add(result);
        }

        // One line per command: an utterance cut in two shows as both parts, and is wrong.
        var heard = results.Where(r => r.Result.Recognized).OrderBy(r => r.Result.Utterance).ToList();
        var text = string.Join(" | ", heard.Select(r => r.Result.Text));
        var latencies = results.Where(r => r.LatencyMs is not null).Select(r => r.LatencyMs!.Value).ToList();
        lock (_lock)
        {
            _lines.Add(new SpeechLine(command.Name, command.Expected, text, text == command.Expected,
                heard.Count == 0 ? 0 : Math.Round(heard.Min(r => r.Result.Confidence), 2), latencies.Count == 0 ? null : Math.Round(latencies.Max())));
        }
    }
}
