using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NovaConsole.Audit;
using NovaConsole.Data;

namespace NovaConsole.Accounts;

/// <summary>
/// Checks a user name and password, with lockout. Each attempt is counted before its (slow) hash is checked, inside a
/// write transaction, so parallel guesses cannot outrun the counter: exactly LockoutThreshold guesses are tried.
/// Unknown names get the same answers, lock included, and the same work (one password hash), so neither the answers
/// nor their timing tell which names exist.
/// </summary>
internal sealed class PasswordSignIn(
    IDbContextFactory<NovaDbContext> dbFactory,
    IPasswordHasher<User> passwordHasher,
    UnknownUserLockout unknownUsers,
    IOptionsMonitor<AccountsOptions> options,
    TimeProvider time,
    ILogger<PasswordSignIn> logger,
    AuditTrail audit)
{
    // Read at each use: the lockout settings change without a restart (Settings page).
    private AccountsOptions _options => options.CurrentValue;

    public async Task<LoginResult> VerifyAsync(string? username, string? password, string? remoteAddress, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password)) return new LoginResult(LoginStatus.InvalidCredentials);
        var name = username.Trim();
        var now = time.GetUtcNow().UtcDateTime;

        // No user name can be longer than that, so there is no need to ask the database about a longer one.
        var user = name.Length <= AccountService.MaxUsernameLength ? await ReserveAttemptAsync(name, now, ct) : null;
        if (user is null) return await AuditedAsync(Unknown(name, password, remoteAddress, now), name, remoteAddress);

        if (user.LockoutEndUtc > now)
        {
            passwordHasher.HashPassword(user, password);
            AccountsLog.LoginWhileLockedOut(logger, user.Username, remoteAddress);
            return await AuditedAsync(new LoginResult(LoginStatus.LockedOut, LockedUntilUtc: user.LockoutEndUtc), user.Username, remoteAddress);
        }

        var verdict = passwordHasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            AccountsLog.LoginFailed(logger, user.Username, remoteAddress);
            if (user.FailedLoginCount < _options.LockoutThreshold) return await AuditedAsync(new LoginResult(LoginStatus.InvalidCredentials), user.Username, remoteAddress);
            var until = now.AddMinutes(_options.LockoutMinutes);
            await UpdateAsync(user.Id, u => u.SetProperty(x => x.LockoutEndUtc, until).SetProperty(x => x.FailedLoginCount, 0), ct);
            AccountsLog.AccountLockedOut(logger, user.Username, _options.LockoutThreshold, until);
            return await AuditedAsync(new LoginResult(LoginStatus.LockedOut, LockedUntilUtc: until), user.Username, remoteAddress);
        }
        if (!user.IsActive) return await AuditedAsync(new LoginResult(LoginStatus.Disabled), user.Username, remoteAddress);

        var hash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? passwordHasher.HashPassword(user, password) : user.PasswordHash;
        await UpdateAsync(user.Id, u => u.SetProperty(x => x.FailedLoginCount, 0).SetProperty(x => x.LockoutEndUtc, (DateTime?)null)
            .SetProperty(x => x.LastLoginUtc, now).SetProperty(x => x.PasswordHash, hash), ct);
        AccountsLog.LoginSucceeded(logger, user.Username, remoteAddress);
        return await AuditedAsync(new LoginResult(LoginStatus.Succeeded, user), user.Username, remoteAddress);
    }

    /// <summary>Every sign-in is audited; failures are anyone's doing, so they go through the anonymous rate bound.</summary>
    private async Task<LoginResult> AuditedAsync(LoginResult result, string name, string? remoteAddress)
    {
        var actor = new AuditActor(name, result.Status == LoginStatus.Succeeded ? name : null, remoteAddress);
        if (result.Status == LoginStatus.Succeeded)
        {
            await audit.RecordAsync(actor, AuditActions.SignIn, AuditActions.User, name);
            return result;
        }
        var action = result.Status == LoginStatus.LockedOut ? AuditActions.SignInLockedOut : AuditActions.SignInFailed;
        await audit.RecordAnonymousAsync(actor, action, AuditActions.User, name, result.Status.ToString());
        return result;
    }

    /// <summary>
    /// Counts this attempt and returns the user as counted (FailedLoginCount includes this attempt); a user still
    /// locked is returned unchanged. When the attempts in flight already used up the threshold, locks the account now.
    /// </summary>
    private async Task<User?> ReserveAttemptAsync(string name, DateTime now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // SQLite transactions from Microsoft.Data.Sqlite are BEGIN IMMEDIATE: the write lock is held from the read on.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Username == name, ct);
        if (user is null || user.LockoutEndUtc > now) return user;
        if (user.FailedLoginCount >= _options.LockoutThreshold)
        {
            user.LockoutEndUtc = now.AddMinutes(_options.LockoutMinutes);
            user.FailedLoginCount = 0;
        }
        else
        {
            user.FailedLoginCount++;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return user;
    }

    private LoginResult Unknown(string name, string password, string? remoteAddress, DateTime now)
    {
        // The same slow work as checking a real password.
        passwordHasher.HashPassword(null!, password);
        var lockedUntil = unknownUsers.RecordFailure(name, now);
        AccountsLog.LoginFailed(logger, name, remoteAddress);
        return lockedUntil is null
            ? new LoginResult(LoginStatus.InvalidCredentials)
            : new LoginResult(LoginStatus.LockedOut, LockedUntilUtc: lockedUntil);
    }

    private async Task UpdateAsync(long id, Action<UpdateSettersBuilder<User>> set, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(set, ct);
    }
}
