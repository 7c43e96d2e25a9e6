using System.Net;
using System.Net.Sockets;

namespace RealtimeGrains.SystemTests.Infrastructure;

/// <summary>Hands out loopback ports that were free a moment ago, never the same one twice per run.</summary>
internal static class FreePorts
{
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        lock (Given)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
