using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace NovaConsole.Hosting;

/// <summary>
/// Every socket the process listens on, by name. Kestrel replaces a listener's endpoint with the bound one
/// once it binds, so port 0 is reported as the real port after start (in /healthz, the log and tests).
/// </summary>
internal sealed class ListenerRegistry
{
    private readonly List<(string Name, string Scheme, ListenOptions Options)> _listeners = [];

    public void Add(string name, string scheme, ListenOptions options)
    {
        lock (_listeners) _listeners.Add((name, scheme, options));
    }

    public IReadOnlyList<ListenerInfo> Snapshot()
    {
        lock (_listeners)
        {
            return _listeners.Select(l => new ListenerInfo(l.Name, Format(l.Scheme, l.Options.IPEndPoint))).ToList();
        }
    }

    /// <summary>The bound endpoint of the first listener with this name, for tests and clients on this host.</summary>
    public IPEndPoint? EndPoint(string name)
    {
        lock (_listeners) return _listeners.FirstOrDefault(l => l.Name == name).Options?.IPEndPoint;
    }

    private static string Format(string scheme, IPEndPoint? endPoint) =>
        endPoint is null ? $"{scheme}://(unbound)" : $"{scheme}://{endPoint}";
}

internal sealed record ListenerInfo(string Name, string Address);
