using Microsoft.Extensions.Options;
using NovaConsole.Accounts;

namespace NovaConsole.Tests.Accounts;

/// <summary>Failed sign-ins for unknown names are counted in memory, at most Capacity names, evicting the oldest.</summary>
public sealed class UnknownUserLockoutTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_flood_of_names_keeps_at_most_the_capacity_and_evicts_the_oldest_not_the_name_being_guessed()
    {
        var lockout = new UnknownUserLockout(new FixedOptions(new AccountsOptions { LockoutThreshold = 5, LockoutMinutes = 15 }), capacity: 100);

        for (var i = 0; i < 4; i++) Assert.Null(lockout.RecordFailure("ghost", Now));
        for (var i = 0; i < 1_000; i++)
        {
            lockout.RecordFailure($"flood-{i}", Now);
            // The name being guessed keeps failing between the flood's names: it is never the oldest.
            if (i % 50 == 0) lockout.RecordFailure("target", Now);
        }

        Assert.Equal(100, lockout.Count);
        // "ghost" failed first and never again: evicted, its count starts over.
        Assert.Null(lockout.RecordFailure("ghost", Now));
        // "target" failed 20 times (locked at the 5th) and stays locked: the flood did not wipe it.
        Assert.Equal(Now.AddMinutes(15), lockout.RecordFailure("target", Now));
    }

    [Fact]
    public void The_lock_comes_at_the_threshold_as_for_a_real_user_and_ends_after_its_minutes()
    {
        var lockout = new UnknownUserLockout(new FixedOptions(new AccountsOptions { LockoutThreshold = 3, LockoutMinutes = 10 }), capacity: 10);

        Assert.Null(lockout.RecordFailure("nobody", Now));
        Assert.Null(lockout.RecordFailure("NOBODY", Now));
        Assert.Equal(Now.AddMinutes(10), lockout.RecordFailure("nobody", Now));
        Assert.Equal(Now.AddMinutes(10), lockout.RecordFailure("nobody", Now.AddMinutes(5)));
        Assert.Null(lockout.RecordFailure("nobody", Now.AddMinutes(11)));
    }

    private sealed class FixedOptions(AccountsOptions value) : IOptionsMonitor<AccountsOptions>
    {
        public AccountsOptions CurrentValue => value;

        public AccountsOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<AccountsOptions, string?> listener) => null;
    }
}
