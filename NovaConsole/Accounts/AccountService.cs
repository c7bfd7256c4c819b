using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NovaConsole.Audit;
using NovaConsole.Data;
using NovaConsole.Shared;

namespace NovaConsole.Accounts;

/// <summary>Users: the Admin's user management with its safety rules (sign-in is <see cref="PasswordSignIn"/>).</summary>
internal sealed class AccountService(
    IDbContextFactory<NovaDbContext> dbFactory,
    IPasswordHasher<User> passwordHasher,
    UserSessions sessions,
    IOptions<AccountsOptions> options,
    TimeProvider time,
    ILogger<AccountService> logger,
    AuditTrail audit)
{
    public const int MaxUsernameLength = 64;
    private readonly AccountsOptions _options = options.Value;

    public async Task<bool> AnyUsersAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AnyAsync(ct);
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
        if (PasswordProblem(password, name) is { } passwordProblem) return Outcome.Invalid(passwordProblem);
        if (!Roles.IsKnown(role)) return Outcome.Invalid(Problem.Of("user.role", "Role must be one of: {0}.", string.Join(", ", Roles.All)));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Users.AnyAsync(u => u.Username == name, ct))
        {
            return Outcome.Conflict(Problem.Of("user.nameTaken", "A user named '{0}' already exists.", name));
        }
        var now = time.GetUtcNow().UtcDateTime;
        var user = new User { Username = name!, PasswordHash = "", Role = role!, SecurityStamp = NewStamp(), CreatedUtc = now };
        user.PasswordHash = passwordHasher.HashPassword(user, password!);
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        AccountsLog.UserCreated(logger, user.Username, user.Role);
        await audit.RecordAsync(AuditActions.UserCreated, AuditActions.User, user.Username, $"role {user.Role}");
        return Outcome<UserSummary>.Ok(UserSummary.From(user, now));
    }

    public Task<Outcome> SetRoleAsync(long id, string? role, CancellationToken ct = default) =>
        Roles.IsKnown(role)
            ? UpdateAsync(id, (db, user) => role != Roles.Admin ? LastAdminGuard(db, user, "demoted") : Task.FromResult(Outcome.Ok()),
                user => user.Role = role!, ct)
            : Task.FromResult(Outcome.Invalid(Problem.Of("user.role", "Role must be one of: {0}.", string.Join(", ", Roles.All))));

    public Task<Outcome> SetActiveAsync(long id, bool active, CancellationToken ct = default) =>
        UpdateAsync(id, (db, user) => active ? Task.FromResult(Outcome.Ok()) : LastAdminGuard(db, user, "disabled"),
            user => { user.IsActive = active; if (active) { user.LockoutEndUtc = null; user.FailedLoginCount = 0; } }, ct);

    /// <summary>
    /// Sets a new password and ends the user's other sessions: every one, or all but <paramref name="keepSessionId"/> when
    /// users change their own password (the session that did it stays signed in). Role and state stay, so no new stamp.
    /// </summary>
    public async Task<Outcome> ResetPasswordAsync(long id, string? password, string? keepSessionId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return Outcome.NotFound($"No user with id {id}.");
        if (PasswordProblem(password, user.Username) is { } problem) return Outcome.Invalid(problem);
        user.PasswordHash = passwordHasher.HashPassword(user, password!);
        user.LockoutEndUtc = null;
        user.FailedLoginCount = 0;
        await db.SaveChangesAsync(ct);
        await sessions.EndSessionsAsync(user.Id, keepSessionId, ct);
        AccountsLog.PasswordReset(logger, user.Username);
        await audit.RecordAsync(keepSessionId is null ? AuditActions.UserPasswordReset : AuditActions.OwnPasswordChanged, AuditActions.User, user.Username,
            "other sessions ended");
        return Outcome.Ok();
    }

    public async Task<Outcome> DeleteUserAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return Outcome.NotFound($"No user with id {id}.");
        var guard = await LastAdminGuard(db, user, "deleted");
        if (!guard.Succeeded) return guard;
        await sessions.EndSessionsAsync(user.Id, keepSessionId: null, ct);
        db.Users.Remove(user);
        await db.SaveChangesAsync(ct);
        AccountsLog.UserDeleted(logger, user.Username);
        await audit.RecordAsync(AuditActions.UserDeleted, AuditActions.User, user.Username);
        return Outcome.Ok();
    }

    /// <summary>Every change to a user renews its security stamp and ends its sessions: its old role must not linger in open consoles.</summary>
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
        await sessions.EndSessionsAsync(user.Id, keepSessionId: null, ct);
        AccountsLog.UserChanged(logger, user.Username, user.Role, user.IsActive);
        await audit.RecordAsync(AuditActions.UserChanged, AuditActions.User, user.Username, $"role {user.Role}, {(user.IsActive ? "active" : "disabled")}");
        return Outcome.Ok();
    }

    private static async Task<Outcome> LastAdminGuard(NovaDbContext db, User user, string action)
    {
        if (user.Role != Roles.Admin || !user.IsActive) return Outcome.Ok();
        var otherActiveAdmins = await db.Users.CountAsync(u => u.Id != user.Id && u.Role == Roles.Admin && u.IsActive);
        return otherActiveAdmins == 0
            ? Outcome.Conflict(action switch
            {
                "demoted" => Problem.Of("user.lastAdmin.demoted", "'{0}' is the last active administrator and cannot be demoted.", user.Username),
                "disabled" => Problem.Of("user.lastAdmin.disabled", "'{0}' is the last active administrator and cannot be disabled.", user.Username),
                _ => Problem.Of("user.lastAdmin.deleted", "'{0}' is the last active administrator and cannot be deleted.", user.Username),
            })
            : Outcome.Ok();
    }

    public Problem? PasswordProblem(string? password, string? username) => PasswordPolicy.Problem(password, username, _options.MinPasswordLength);

    public static Problem? UsernameProblem(string? username) =>
        string.IsNullOrWhiteSpace(username) ? Problem.Of("user.nameRequired", "Username is required.")
        : username.Length > MaxUsernameLength ? Problem.Of("user.nameTooLong", "Username must be at most {0} characters.", MaxUsernameLength)
        : username.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '@') ? null
        : Problem.Of("user.nameCharacters", "Username may contain letters, digits, '.', '-', '_' and '@'.");

    private static string NewStamp() => Guid.NewGuid().ToString("N");
}
