namespace NovaConsole.Audit;

/// <summary>
/// How many audit rows anonymous clients may cause: <see cref="PerAddressPerMinute"/> per remote address and
/// <see cref="TotalPerMinute"/> in all, in fixed one-minute windows. What is refused is only counted, so a flood of
/// failed sign-ins costs a counter, not rows (the sign-in lockout and the log limiter handle the flood itself).
/// </summary>
internal sealed class AnonymousAuditLimit(TimeProvider time)
{
    public const int PerAddressPerMinute = 20;
    public const int TotalPerMinute = 200;
    private const int MaxAddresses = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _perAddress = new(StringComparer.Ordinal);
    private long _window = -1;
    private int _total;
    private long _skipped;

    /// <summary>True when one more row may be written now; <paramref name="skipped"/> is how many were refused since the last allowed one.</summary>
    public bool TryTake(string? address, out long skipped)
    {
        var minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        var key = address ?? "";
        lock (_gate)
        {
            if (minute != _window)
            {
                _window = minute;
                _total = 0;
                _perAddress.Clear();
            }
            _perAddress.TryGetValue(key, out var count);
            if (_total >= TotalPerMinute || count >= PerAddressPerMinute || (count == 0 && _perAddress.Count >= MaxAddresses))
            {
                _skipped++;
                skipped = 0;
                return false;
            }
            _perAddress[key] = count + 1;
            _total++;
            skipped = _skipped;
            _skipped = 0;
            return true;
        }
    }
}
