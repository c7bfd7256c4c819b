using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace NovaConsole.Hosting;

/// <summary>
/// Every socket the process listens on, by name. Kestrel replaces a listener's endpoint with the bound one
/// once it binds, so port 0 is reported as the real port after start (in /healthz, the log and tests).
/// </summary>
internal sealed class ListenerRegistry
{
    private readonly List<(string Name, string Scheme, Func<IPEndPoint?> Bound)> _listeners = [];
    private readonly List<(string Name, string Scheme, string OnListener, string Path)> _paths = [];
    private readonly Dictionary<string, int> _configuredPorts = new(StringComparer.Ordinal);

    /// <summary>The port a listener is configured with, for <see cref="Port"/> before it binds (a negative port turns it off).</summary>
    public void Expect(string name, int configuredPort)
    {
        lock (_listeners) _configuredPorts[name] = configuredPort;
    }

    /// <summary>The port a device should use: the bound one (so port 0 shows the real port), else the configured one; null when off.</summary>
    public int? Port(string name)
    {
        if (EndPoint(name)?.Port is > 0 and var bound) return bound;
        lock (_listeners) return _configuredPorts.TryGetValue(name, out var port) && port > 0 ? port : null;
    }

    public void Add(string name, string scheme, ListenOptions options)
    {
        lock (_listeners) _listeners.Add((name, scheme, () => options.IPEndPoint));
    }

    /// <summary>A listener outside Kestrel (the MQTT socket transport); <paramref name="bound"/> answers once it is bound.</summary>
    public void Add(string name, string scheme, Func<IPEndPoint?> bound)
    {
        lock (_listeners) _listeners.Add((name, scheme, bound));
    }

    /// <summary>A service on a path of other listeners (MQTT over WebSocket on the console's HTTP port).</summary>
    public void AddPath(string name, string scheme, string onListener, string path)
    {
        lock (_listeners) _paths.Add((name, scheme, onListener, path));
    }

    public IReadOnlyList<ListenerInfo> Snapshot()
    {
        lock (_listeners)
        {
            var sockets = _listeners.Select(l => new ListenerInfo(l.Name, Format(l.Scheme, l.Bound()))).ToList();
            var paths = _paths.SelectMany(p => _listeners.Where(l => l.Name == p.OnListener)
                .Select(l => new ListenerInfo(p.Name, Format(l.Scheme == "https" ? p.Scheme + "s" : p.Scheme, l.Bound()) + p.Path)));
            return [.. sockets, .. paths];
        }
    }

    /// <summary>The bound endpoint of the first listener with this name, for tests and clients on this host.</summary>
    public IPEndPoint? EndPoint(string name)
    {
        lock (_listeners) return _listeners.FirstOrDefault(l => l.Name == name).Bound?.Invoke();
    }

    private static string Format(string scheme, IPEndPoint? endPoint) =>
        endPoint is null ? $"{scheme}://(unbound)" : $"{scheme}://{endPoint}";
}

internal sealed record ListenerInfo(string Name, string Address);
