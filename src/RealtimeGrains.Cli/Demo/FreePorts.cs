using System.Net;
using System.Net.Sockets;

namespace RealtimeGrains.Cli.Demo;

/// <summary>Ports on 127.0.0.1 that nothing listens on now (asked of the OS, then released for the silos to bind).</summary>
internal static class FreePorts
{
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
