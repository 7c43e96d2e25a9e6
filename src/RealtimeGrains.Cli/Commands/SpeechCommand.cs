using System.CommandLine;
using RealtimeGrains.Speech.Client;
using RealtimeGrains.Speech.Client.Audio;

namespace RealtimeGrains.Cli.Commands;

/// <summary><c>rtg speech</c>: streams WAV files as speech sessions and prints each result with its latency.</summary>
internal static class SpeechCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var wav = new Option<string[]>("--wav")
        {
            Description = "WAV files to stream, one session each (several after one --wav, or --wav repeated)",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var sessions = new Option<int?>("--sessions") { Description = "Concurrent sessions (default: one per file); files are assigned to sessions round-robin" };
        var pace = new Option<string>("--pace") { Description = "realtime: one 20 ms frame every 20 ms; fast: as fast as accepted", DefaultValueFactory = _ => "realtime" };
        pace.AcceptOnlyFromAmong("realtime", "fast");
        sessions.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 10_000)
            {
                r.AddError($"--sessions {r.GetValueOrDefault<int?>()}: run 1-10000 sessions");
            }
        });
        var command = new Command(
            "speech",
            "Stream WAV files as speech sessions and print each recognized utterance with its latency (--json: one JSON line per session's file, then a summary)")
        {
            wav, sessions, pace,
        };
        command.SetAction((parse, ct) => RtgApp.RunMappingErrorsAsync(
            () =>
            {
                // Every file is read and converted before anything is sent: a bad one fails the run on its own.
                var files = Load(parse.GetValue(wav)!);
                var request = new SpeechRequest(files, parse.GetValue(sessions) ?? files.Count, parse.GetValue(pace) == "fast" ? SpeechPace.Fast : SpeechPace.RealTime);
                return RtgApp.WithClusterAsync(parse, output, error, c => SpeechRun.RunAsync(c, error, request, ct), ct);
            },
            error,
            ct));
        return command;
    }

    /// <summary>Reads and converts the files.</summary>
    /// <exception cref="CliUsageException">A file cannot be read or is not a WAV the client converts; the message names it.</exception>
    public static IReadOnlyList<WavAudio> Load(IEnumerable<string> paths)
    {
        try
        {
            return [.. paths.Select(WavFile.Read)];
        }
        catch (WavFormatException ex)
        {
            throw new CliUsageException(ex.Message);
        }
    }
}

/// <summary>What <c>rtg speech</c> was asked for.</summary>
/// <param name="Files">The converted files; session i streams file i modulo their count.</param>
/// <param name="Sessions">How many sessions run at once; at least one session per file is run.</param>
/// <param name="Pace">How fast each session's audio is sent.</param>
internal sealed record SpeechRequest(IReadOnlyList<WavAudio> Files, int Sessions, SpeechPace Pace);
