namespace NovaConsole.Accounts;

internal sealed record ApiTokenSummary(
    long Id, string Name, string DisplayPrefix, DateTime CreatedUtc, DateTime? LastUsedUtc, bool Revoked, string Scope, DateTime? ExpiresUtc)
{
    public static ApiTokenSummary From(ApiToken t) =>
        new(t.Id, t.Name, t.DisplayPrefix, t.CreatedUtc, t.LastUsedUtc, t.RevokedUtc is not null, t.Scope, t.ExpiresUtc);

    public bool IsExpired(DateTime nowUtc) => ExpiresUtc <= nowUtc;
}

/// <summary>The create answer: the only time the token itself is ever shown.</summary>
internal sealed record CreatedApiToken(long Id, string Name, string Token, DateTime CreatedUtc, string Scope, DateTime? ExpiresUtc);
