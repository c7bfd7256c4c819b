using System.Net;
using System.Net.Sockets;

namespace NovaConsole.Bench;

/// <summary>A free TCP port on 127.0.0.1, for the run script to give to a broker.</summary>
internal static class FreePort
{
    public static int Find()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
