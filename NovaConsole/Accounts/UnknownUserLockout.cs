using Microsoft.Extensions.Options;

namespace NovaConsole.Accounts;

/// <summary>
/// Failed sign-ins for user names that do not exist, counted like real ones so that the lock (and its answer) comes
/// after the same number of tries: a locked answer must not prove that a name exists. Kept in memory, not persisted
/// (a restart forgets them, as it may: no account is behind them), and bounded: at most <see cref="Capacity"/> names;
/// a new name beyond that evicts the name whose last failure is oldest, so a flood of names costs a fixed amount of
/// memory and evicts the flood's own names first, not the name being guessed at now.
/// </summary>
internal sealed class UnknownUserLockout
{
    public const int DefaultCapacity = 10_000;

    private readonly IOptionsMonitor<AccountsOptions> _options;
    private readonly Dictionary<string, LinkedListNode<Entry>> _names = new(StringComparer.OrdinalIgnoreCase);
    // Least recently failed first.
    private readonly LinkedList<Entry> _byAge = new();
    private readonly Lock _gate = new();

    public UnknownUserLockout(IOptionsMonitor<AccountsOptions> options) : this(options, DefaultCapacity)
    {
    }

    internal UnknownUserLockout(IOptionsMonitor<AccountsOptions> options, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _options = options;
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>Names counted now (at most <see cref="Capacity"/>).</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _names.Count;
        }
    }

    /// <summary>Records a failed try; returns the end of the lock when this name is (now) locked, as for a real user.</summary>
    public DateTime? RecordFailure(string name, DateTime now)
    {
        var options = _options.CurrentValue;
        lock (_gate)
        {
            if (_names.TryGetValue(name, out var node))
            {
                _byAge.Remove(node);
            }
            else
            {
                if (_names.Count >= Capacity && _byAge.First is { } oldest)
                {
                    _byAge.RemoveFirst();
                    _names.Remove(oldest.Value.Name);
                }
                node = new LinkedListNode<Entry>(new Entry(name, 0, null));
                _names[name] = node;
            }
            _byAge.AddLast(node);

            var entry = node.Value;
            if (entry.LockedUntil is { } end && end <= now) entry = entry with { Failures = 0, LockedUntil = null };
            if (entry.LockedUntil is not null) return entry.LockedUntil;
            entry = entry.Failures + 1 >= options.LockoutThreshold
                ? entry with { Failures = 0, LockedUntil = now.AddMinutes(options.LockoutMinutes) }
                : entry with { Failures = entry.Failures + 1 };
            node.Value = entry;
            return entry.LockedUntil;
        }
    }

    private sealed record Entry(string Name, int Failures, DateTime? LockedUntil);
}
