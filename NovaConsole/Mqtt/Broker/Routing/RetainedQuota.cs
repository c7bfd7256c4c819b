using System.Runtime.InteropServices;

namespace NovaConsole.Mqtt.Broker.Routing;

/// <summary>How many retained messages one owner may hold, and how many bytes all of them may take.</summary>
internal sealed record RetainedLimits(int MaxPerOwner, long MaxBytes)
{
    public static RetainedLimits None { get; } = new(int.MaxValue, long.MaxValue);
}

/// <summary>
/// The accounting behind <see cref="RetainedLimits"/>: messages per owner and bytes in all. Retained messages stay in
/// memory until someone replaces or clears them, whoever published them and however long ago, so without a bound one
/// client could fill the process. Messages without an owner (the server's own, e.g. $SYS) count but are never refused.
/// Not thread-safe: the store calls it under its write lock.
/// </summary>
internal sealed class RetainedQuota(RetainedLimits limits)
{
    private readonly Dictionary<string, int> _byOwner = new(StringComparer.Ordinal);

    public long Bytes { get; private set; }

    /// <summary>Whether <paramref name="next"/> may replace <paramref name="previous"/> (null: the topic holds none); else why not.</summary>
    public bool Allows(RetainedMessage? previous, RetainedMessage next, out RetainedChange refusal)
    {
        refusal = RetainedChange.Unchanged;
        if (next.Owner is not { } owner) return true;
        if (previous?.Owner != owner && _byOwner.GetValueOrDefault(owner) >= limits.MaxPerOwner)
        {
            refusal = RetainedChange.RefusedOwnerLimit;
            return false;
        }
        // A message no larger than the one it replaces always fits: the total does not grow.
        var growth = next.Size - (previous?.Size ?? 0);
        if (growth > 0 && Bytes + growth > limits.MaxBytes)
        {
            refusal = RetainedChange.RefusedTotalLimit;
            return false;
        }
        return true;
    }

    /// <summary>Books a change: <paramref name="previous"/> leaves (if any), <paramref name="next"/> comes (if any).</summary>
    public void Apply(RetainedMessage? previous, RetainedMessage? next)
    {
        if (previous is not null)
        {
            Bytes -= previous.Size;
            if (previous.Owner is { } owner && --CountOf(owner) == 0) _byOwner.Remove(owner);
        }
        if (next is not null)
        {
            Bytes += next.Size;
            if (next.Owner is { } owner) CountOf(owner)++;
        }
    }

    // One lookup per change, on the write path of every retained message.
    private ref int CountOf(string owner) => ref CollectionsMarshal.GetValueRefOrAddDefault(_byOwner, owner, out _);
}
