using System.Diagnostics;

namespace RealtimeGrains.SystemTests.Infrastructure;

/// <summary>
/// Loads a page in headless Chromium (Debian's <c>chromium</c>) and returns the DOM after its scripts ran for a
/// virtual-time budget, so a single-page app has fetched its data and rendered.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly string[] Paths = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/local/bin/chromium"];

    /// <summary>The installed browser, or null.</summary>
    public static string? Executable => Paths.FirstOrDefault(File.Exists);

    public static async Task<string> DumpDomAsync(Uri page, TimeSpan virtualTime, TimeSpan timeout)
    {
        var chromium = Executable ?? throw new InvalidOperationException("chromium not found: `bash .ci/deps` installs it (Debian package chromium)");
        var profile = Directory.CreateTempSubdirectory("rtg-chromium-");
        try
        {
            var info = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.FullName,
                "--virtual-time-budget=" + ((int)virtualTime.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--dump-dom", page.ToString(),
            })
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            var dom = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not dump {page} within {timeout.TotalSeconds:0} s");
            }

            Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode} loading {page}: {(await errors).Split('\n').LastOrDefault(l => l.Length > 0)}");
            return await dom;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
