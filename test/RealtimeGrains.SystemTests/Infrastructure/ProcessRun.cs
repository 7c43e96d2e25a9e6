using System.Diagnostics;
using System.Text;

namespace RealtimeGrains.SystemTests.Infrastructure;

/// <summary>Runs a short-lived command to completion and captures its output.</summary>
internal sealed record ProcessRun(int ExitCode, string Output, string Error)
{
    public static async Task<ProcessRun> DotnetAsync(string dll, IEnumerable<string> args, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var error = new StringBuilder();
        var readOut = process.StandardOutput.ReadToEndAsync();
        var readErr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {Path.GetFileName(dll)} {string.Join(' ', args)} did not finish in {timeout.TotalSeconds:0} s");
        }

        return new ProcessRun(process.ExitCode, await readOut, await readErr);
    }
}
