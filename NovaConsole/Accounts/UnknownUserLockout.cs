using Microsoft.Extensions.Options;

namespace NovaConsole.Accounts;

/// <summary>
/// Failed sign-ins for user names that do not exist, counted like real ones so that the lock (and its answer) comes
/// after the same number of tries: a locked answer must not prove that a name exists. Kept in memory, bounded.
/// </summary>
internal sealed class UnknownUserLockout(IOptionsMonitor<AccountsOptions> options)
{
    private const int MaxNames = 10_000;
    private AccountsOptions _options => options.CurrentValue;
    private readonly Dictionary<string, Entry> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    /// <summary>Records a failed try; returns the end of the lock when this name is (now) locked, as for a real user.</summary>
    public DateTime? RecordFailure(string name, DateTime now)
    {
        lock (_gate)
        {
            if (!_names.TryGetValue(name, out var entry) || (entry.LockedUntil is { } end && end <= now)) entry = new Entry(0, null);
            if (entry.LockedUntil is not null) return entry.LockedUntil;
            entry = entry.Failures + 1 >= _options.LockoutThreshold
                ? new Entry(0, now.AddMinutes(_options.LockoutMinutes))
                : entry with { Failures = entry.Failures + 1 };
            if (_names.Count >= MaxNames && !_names.ContainsKey(name)) Trim(now);
            _names[name] = entry;
            return entry.LockedUntil;
        }
    }

    /// <summary>Forgets ended locks first; if a flood of names still fills the table, forgets everything (fails open, for unknown names only).</summary>
    private void Trim(DateTime now)
    {
        foreach (var (name, entry) in _names.ToList())
        {
            if (entry.LockedUntil is null || entry.LockedUntil <= now) _names.Remove(name);
        }
        if (_names.Count >= MaxNames) _names.Clear();
    }

    private sealed record Entry(int Failures, DateTime? LockedUntil);
}
