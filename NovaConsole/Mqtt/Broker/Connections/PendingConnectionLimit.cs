using System.Collections.Concurrent;
using System.Net;

namespace NovaConsole.Mqtt.Broker.Connections;

/// <summary>
/// Caps the connections one remote address holds before they authenticate. Unauthenticated sockets cost memory
/// and a timer until their deadline, so one address opening thousands of them must not starve everyone else;
/// authenticated connections are not counted (a site behind NAT may hold many). Used by the MQTT broker and the
/// device TCP listener alike; knows only the base library.
/// </summary>
internal sealed class PendingConnectionLimit(int maxPerAddress)
{
    private readonly ConcurrentDictionary<IPAddress, int> _pending = new();

    public int MaxPerAddress => maxPerAddress;

    /// <summary>Addresses with at least one pending connection (for tests and statistics).</summary>
    public int Addresses => _pending.Count;

    /// <summary>Counts a new connection from <paramref name="remote"/>; false when the address is at its limit. An end point
    /// without an IP address (an in-memory pipe) is never limited.</summary>
    public bool TryEnter(EndPoint? remote)
    {
        if (remote is not IPEndPoint { Address: var address })
        {
            return true;
        }

        while (true)
        {
            if (_pending.TryGetValue(address, out var count))
            {
                if (count >= maxPerAddress)
                {
                    return false;
                }

                if (_pending.TryUpdate(address, count + 1, count))
                {
                    return true;
                }
            }
            else if (_pending.TryAdd(address, 1))
            {
                return true;
            }
        }
    }

    /// <summary>The connection authenticated or closed: once per successful <see cref="TryEnter"/>.</summary>
    public void Leave(EndPoint? remote)
    {
        if (remote is not IPEndPoint { Address: var address })
        {
            return;
        }

        while (_pending.TryGetValue(address, out var count))
        {
            var done = count <= 1
                ? _pending.TryRemove(new KeyValuePair<IPAddress, int>(address, count))
                : _pending.TryUpdate(address, count - 1, count);
            if (done)
            {
                return;
            }
        }
    }
}
