using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NovaConsole.Data;
using NovaConsole.Shared;

namespace NovaConsole.Accounts;

/// <summary>Users: sign-in with lockout, and the Admin's user management with its safety rules.</summary>
internal sealed class AccountService(
    IDbContextFactory<NovaDbContext> dbFactory,
    IPasswordHasher<User> passwordHasher,
    IOptions<AccountsOptions> options,
    TimeProvider time,
    ILogger<AccountService> logger)
{
    private readonly AccountsOptions _options = options.Value;

    public async Task<bool> AnyUsersAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AnyAsync(ct);
    }

    public async Task<LoginResult> VerifyLoginAsync(string? username, string? password, string? remoteAddress, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
        {
            return new LoginResult(LoginStatus.InvalidCredentials);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Username == username.Trim(), ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (user is null)
        {
            // Hash anyway so the answer takes as long as for a real user: no user enumeration by timing.
            passwordHasher.HashPassword(null!, password);
            AccountsLog.LoginFailed(logger, username, remoteAddress);
            return new LoginResult(LoginStatus.InvalidCredentials);
        }
        if (user.LockoutEndUtc > now)
        {
            AccountsLog.LoginWhileLockedOut(logger, user.Username, remoteAddress);
            return new LoginResult(LoginStatus.LockedOut, LockedUntilUtc: user.LockoutEndUtc);
        }

        var verdict = passwordHasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            user.FailedLoginCount++;
            AccountsLog.LoginFailed(logger, user.Username, remoteAddress);
            if (user.FailedLoginCount >= _options.LockoutThreshold)
            {
                user.LockoutEndUtc = now.AddMinutes(_options.LockoutMinutes);
                user.FailedLoginCount = 0;
                AccountsLog.AccountLockedOut(logger, user.Username, _options.LockoutThreshold, user.LockoutEndUtc.Value);
                await db.SaveChangesAsync(ct);
                return new LoginResult(LoginStatus.LockedOut, LockedUntilUtc: user.LockoutEndUtc);
            }
            await db.SaveChangesAsync(ct);
            return new LoginResult(LoginStatus.InvalidCredentials);
        }
        if (!user.IsActive)
        {
            return new LoginResult(LoginStatus.Disabled);
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = passwordHasher.HashPassword(user, password);
        }
        user.FailedLoginCount = 0;
        user.LockoutEndUtc = null;
        user.LastLoginUtc = now;
        await db.SaveChangesAsync(ct);
        AccountsLog.LoginSucceeded(logger, user.Username, remoteAddress);
        return new LoginResult(LoginStatus.Succeeded, user);
    }

    public async Task<IReadOnlyList<UserSummary>> ListUsersAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Username).ToListAsync(ct);
        return users.Select(u => UserSummary.From(u, now)).ToList();
    }

    public async Task<User?> FindAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
    }

    public async Task<Outcome<UserSummary>> CreateUserAsync(string? username, string? password, string? role, CancellationToken ct = default)
    {
        var name = username?.Trim();
        if (UsernameProblem(name) is { } nameProblem) return Outcome.Invalid(nameProblem);
        if (PasswordProblem(password) is { } passwordProblem) return Outcome.Invalid(passwordProblem);
        if (!Roles.IsKnown(role)) return Outcome.Invalid($"Role must be one of: {string.Join(", ", Roles.All)}.");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Users.AnyAsync(u => u.Username == name, ct))
        {
            return Outcome.Conflict($"A user named '{name}' already exists.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var user = new User { Username = name!, PasswordHash = "", Role = role!, SecurityStamp = NewStamp(), CreatedUtc = now };
        user.PasswordHash = passwordHasher.HashPassword(user, password!);
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        AccountsLog.UserCreated(logger, user.Username, user.Role);
        return Outcome<UserSummary>.Ok(UserSummary.From(user, now));
    }

    public Task<Outcome> SetRoleAsync(long id, string? role, CancellationToken ct = default) =>
        Roles.IsKnown(role)
            ? UpdateAsync(id, (db, user) => role != Roles.Admin ? LastAdminGuard(db, user, "demoted") : Task.FromResult(Outcome.Ok()),
                user => user.Role = role!, ct)
            : Task.FromResult(Outcome.Invalid($"Role must be one of: {string.Join(", ", Roles.All)}."));

    public Task<Outcome> SetActiveAsync(long id, bool active, CancellationToken ct = default) =>
        UpdateAsync(id, (db, user) => active ? Task.FromResult(Outcome.Ok()) : LastAdminGuard(db, user, "disabled"),
            user => { user.IsActive = active; if (active) { user.LockoutEndUtc = null; user.FailedLoginCount = 0; } }, ct);

    public Task<Outcome> ResetPasswordAsync(long id, string? password, CancellationToken ct = default) =>
        PasswordProblem(password) is { } problem
            ? Task.FromResult(Outcome.Invalid(problem))
            : UpdateAsync(id, (_, _) => Task.FromResult(Outcome.Ok()), user =>
            {
                user.PasswordHash = passwordHasher.HashPassword(user, password!);
                user.LockoutEndUtc = null;
                user.FailedLoginCount = 0;
            }, ct);

    public async Task<Outcome> DeleteUserAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return Outcome.NotFound($"No user with id {id}.");
        var guard = await LastAdminGuard(db, user, "deleted");
        if (!guard.Succeeded) return guard;
        db.Users.Remove(user);
        await db.SaveChangesAsync(ct);
        AccountsLog.UserDeleted(logger, user.Username);
        return Outcome.Ok();
    }

    /// <summary>Every change to a user renews its security stamp, which signs out its existing sessions.</summary>
    private async Task<Outcome> UpdateAsync(long id, Func<NovaDbContext, User, Task<Outcome>> guard, Action<User> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return Outcome.NotFound($"No user with id {id}.");
        var allowed = await guard(db, user);
        if (!allowed.Succeeded) return allowed;
        change(user);
        user.SecurityStamp = NewStamp();
        await db.SaveChangesAsync(ct);
        AccountsLog.UserChanged(logger, user.Username, user.Role, user.IsActive);
        return Outcome.Ok();
    }

    private static async Task<Outcome> LastAdminGuard(NovaDbContext db, User user, string action)
    {
        if (user.Role != Roles.Admin || !user.IsActive) return Outcome.Ok();
        var otherActiveAdmins = await db.Users.CountAsync(u => u.Id != user.Id && u.Role == Roles.Admin && u.IsActive);
        return otherActiveAdmins == 0
            ? Outcome.Conflict($"'{user.Username}' is the last active administrator and cannot be {action}.")
            : Outcome.Ok();
    }

    public string? PasswordProblem(string? password) =>
        string.IsNullOrEmpty(password) || password.Length < _options.MinPasswordLength
            ? $"Password must be at least {_options.MinPasswordLength} characters."
            : password.Length > 256 ? "Password must be at most 256 characters." : null;

    public static string? UsernameProblem(string? username) =>
        string.IsNullOrWhiteSpace(username) ? "Username is required."
        : username.Length > 64 ? "Username must be at most 64 characters."
        : username.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '@') ? null
        : "Username may contain letters, digits, '.', '-', '_' and '@'.";

    private static string NewStamp() => Guid.NewGuid().ToString("N");
}
