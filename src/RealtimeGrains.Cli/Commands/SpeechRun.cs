using RealtimeGrains.Cli.Output;
using RealtimeGrains.Speech.Client;
using RealtimeGrains.Speech.Client.Audio;

namespace RealtimeGrains.Cli.Commands;

/// <summary>
/// One run of <c>rtg speech</c>: max(sessions, files) sessions, <see cref="SpeechRequest.Sessions"/> at a time, session i
/// streaming file i modulo the files. A result carrying an error stops the run: it is printed as the one error line.
/// </summary>
internal sealed class SpeechRun
{
    private readonly CommandContext _context;
    private readonly SpeechRequest _request;
    private readonly CancellationTokenSource _stop;
    private readonly Lock _printing = new();
    private readonly List<SpeechReport> _reports = [];
    private string? _failure;
    private int _next = -1;

    private SpeechRun(CommandContext context, SpeechRequest request, CancellationToken cancellationToken)
    {
        _context = context;
        _request = request;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    public static async Task<int> RunAsync(CommandContext context, TextWriter error, SpeechRequest request, CancellationToken cancellationToken)
    {
        var run = new SpeechRun(context, request, cancellationToken);
        try
        {
            return await run.RunAsync(error, cancellationToken);
        }
        finally
        {
            run._stop.Dispose();
        }
    }

    private async Task<int> RunAsync(TextWriter error, CancellationToken cancellationToken)
    {
        var total = Math.Max(_request.Sessions, _request.Files.Count);
        var client = new SpeechClient(_context.Client);
        await using (client)
        {
            try
            {
                await Task.WhenAll(Enumerable.Range(0, Math.Min(_request.Sessions, total)).Select(_ => LaneAsync(client, total)));
            }
            catch (OperationCanceledException) when (_failure is not null && !cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync($"rtg: {_failure}");
                return RtgApp.ExitFailure;
            }
        }

        var summary = SpeechSummary.From(_reports);
        Print(_context.Json ? SpeechOutputFormat.JsonLine(summary) : SpeechOutputFormat.Line(summary));
        return RtgApp.ExitOk;
    }

    private async Task LaneAsync(SpeechClient client, int total)
    {
        int index;
        while ((index = Interlocked.Increment(ref _next)) < total)
        {
            var report = await SessionAsync(client, _request.Files[index % _request.Files.Count]);
            lock (_printing)
            {
                _reports.Add(report);
            }

            if (_context.Json)
            {
                Print(SpeechOutputFormat.JsonLine(report));
            }
        }
    }

    private async Task<SpeechReport> SessionAsync(SpeechClient client, WavAudio file)
    {
        var session = await client.OpenSessionAsync(cancellationToken: _stop.Token);
        await using (session)
        {
            var reading = ReadAsync(session, file.Path);
            await Task.WhenAll(reading, session.StreamAsync(file.Samples, _request.Pace, _stop.Token));
            return new SpeechReport(file.Path, session.Id, await reading);
        }
    }

    private async Task<List<SessionResult>> ReadAsync(SpeechSession session, string file)
    {
        var results = new List<SessionResult>();
        await foreach (var result in session.ReadResultsAsync(_stop.Token))
        {
            if (result.Result.Error is { } problem)
            {
                Interlocked.CompareExchange(ref _failure, $"{file}: utterance {result.Result.Utterance} of session '{session.Id}' failed: {problem}", null);
                await _stop.CancelAsync();
                _stop.Token.ThrowIfCancellationRequested();
            }

            results.Add(result);
            if (!_context.Json)
            {
                Print(SpeechOutputFormat.Line(file, result));
            }
        }

        return results;
    }

    private void Print(string line)
    {
        lock (_printing)
        {
            _context.Out.WriteLine(line);
            _context.Out.Flush();
        }
    }
}
