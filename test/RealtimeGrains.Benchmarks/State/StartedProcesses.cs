using System.Runtime.InteropServices;

namespace RealtimeGrains.Benchmarks.State;

/// <summary>
/// The silo and Redis processes this run started, killed by their own handles on SIGINT (Ctrl+C) or SIGTERM: disposal
/// does not run when the benchmark is interrupted, and a silo holding 10M keys (3 GB) must not outlive it. Normal
/// runs dispose them.
/// </summary>
internal static class StartedProcesses
{
    private static readonly List<Func<Task>> Kills = [];
    private static readonly List<PosixSignalRegistration> Signals = [];
    private static int _hooked;

    /// <summary>Remembers how to kill one started process until the returned handle is disposed.</summary>
    public static IDisposable Register(Func<Task> kill)
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
        {
            foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            {
                Signals.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true;
                    KillAll();
                    Environment.Exit(128 + (context.Signal == PosixSignal.SIGINT ? 2 : 15));
                }));
            }
        }

        lock (Kills)
        {
            Kills.Add(kill);
        }

        return new Registration(kill);
    }

    private static void KillAll()
    {
        Func<Task>[] kills;
        lock (Kills)
        {
            kills = [.. Kills];
            Kills.Clear();
        }

        foreach (var kill in kills)
        {
            try
            {
                kill().Wait(TimeSpan.FromSeconds(10));
            }
            catch (AggregateException ex)
            {
                Console.Error.WriteLine($"state: could not kill a started process: {ex.InnerException?.Message}");
            }
        }
    }

    private sealed class Registration(Func<Task> kill) : IDisposable
    {
        public void Dispose()
        {
            lock (Kills)
            {
                Kills.Remove(kill);
            }
        }
    }
}
