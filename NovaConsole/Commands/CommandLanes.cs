namespace NovaConsole.Commands;

/// <summary>A logged command waiting for its lane.</summary>
internal sealed record QueuedCommand(CommandEntry Entry, CheckedCommand Command);

/// <summary>
/// One command at a time per (device, command name) for devices whose answers name the command but carry no id
/// (seed 004 §2.5): with only one of a name on the wire, an answer can belong to nothing else. The rest wait here,
/// in the order issued, and go out one by one as the command ahead of them ends (answered, failed or timed out).
/// </summary>
internal sealed class CommandLanes
{
    /// <summary>result_code of an entry waiting in a lane; cleared when it is sent.</summary>
    public const string QueuedCode = "queued";

    private readonly Lock _gate = new();
    private readonly Dictionary<(string DeviceId, string Name), Queue<QueuedCommand>> _lanes = new(new LaneComparer());

    /// <summary>True when the lane was free and <paramref name="command"/> may go out now; otherwise it waits its turn.</summary>
    public bool EnterOrQueue(string deviceId, string name, QueuedCommand command)
    {
        lock (_gate)
        {
            if (_lanes.TryGetValue((deviceId, name), out var waiting))
            {
                waiting.Enqueue(command);
                return false;
            }
            _lanes[(deviceId, name)] = new Queue<QueuedCommand>();
            return true;
        }
    }

    /// <summary>The command in flight ended: the next waiting command now owns the lane (null: the lane is free).</summary>
    public QueuedCommand? Leave(string deviceId, string name)
    {
        lock (_gate)
        {
            if (!_lanes.TryGetValue((deviceId, name), out var waiting)) return null;
            if (waiting.TryDequeue(out var next)) return next;
            _lanes.Remove((deviceId, name));
            return null;
        }
    }

    public int Waiting(string deviceId, string name)
    {
        lock (_gate) return _lanes.TryGetValue((deviceId, name), out var waiting) ? waiting.Count : 0;
    }

    // Device ids compare as the rest of the command path does (ignoring case); command names are exact on the wire.
    private sealed class LaneComparer : IEqualityComparer<(string DeviceId, string Name)>
    {
        public bool Equals((string DeviceId, string Name) x, (string DeviceId, string Name) y) =>
            string.Equals(x.DeviceId, y.DeviceId, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Name, y.Name, StringComparison.Ordinal);

        public int GetHashCode((string DeviceId, string Name) lane) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(lane.DeviceId), StringComparer.Ordinal.GetHashCode(lane.Name));
    }
}
