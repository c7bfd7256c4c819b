namespace NovaConsole.Accounts;

internal sealed class ApiToken
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public User? User { get; set; }
    public required string Name { get; set; }

    /// <summary>Keyed hash of the token; the token itself is shown once and never stored.</summary>
    public required string TokenHash { get; set; }

    /// <summary>First characters of the token, so a user can tell tokens apart in the list.</summary>
    public required string DisplayPrefix { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? LastUsedUtc { get; set; }
    public DateTime? RevokedUtc { get; set; }

    /// <summary><see cref="ApiTokenScopes.Read"/> or <see cref="ApiTokenScopes.Full"/>.</summary>
    public string Scope { get; set; } = ApiTokenScopes.Full;

    /// <summary>After this the token no longer authenticates; null = until revoked.</summary>
    public DateTime? ExpiresUtc { get; set; }
}

internal static class ApiTokenScopes
{
    /// <summary>GET and other safe requests only: for wallboards and exports.</summary>
    public const string Read = "read";

    /// <summary>Whatever the token's user may do.</summary>
    public const string Full = "full";

    public static bool IsKnown(string? scope) => scope is Read or Full;
}
