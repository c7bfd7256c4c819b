namespace NovaConsole.Accounts;

/// <summary>What the console and the API show of a user: never the password hash or stamp.</summary>
internal sealed record UserSummary(long Id, string Username, string Role, bool IsActive, bool IsLockedOut, DateTime CreatedUtc, DateTime? LastLoginUtc)
{
    public static UserSummary From(User u, DateTime nowUtc) =>
        new(u.Id, u.Username, u.Role, u.IsActive, u.LockoutEndUtc > nowUtc, u.CreatedUtc, u.LastLoginUtc);
}
