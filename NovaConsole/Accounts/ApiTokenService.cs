using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;
using NovaConsole.Security;
using NovaConsole.Shared;

namespace NovaConsole.Accounts;

/// <summary>Personal API tokens for scripts: shown once, stored as a keyed hash, revocable.</summary>
internal sealed class ApiTokenService(
    IDbContextFactory<NovaDbContext> dbFactory,
    SecretHasher hasher,
    CredentialConnections connections,
    TimeProvider time,
    ILogger<ApiTokenService> logger,
    Audit.AuditTrail audit)
{
    public const string TokenPrefix = "nct_";
    private static readonly TimeSpan LastUsedGranularity = TimeSpan.FromMinutes(1);

    public async Task<Outcome<CreatedApiToken>> CreateAsync(
        long userId, string username, string? name, string? scope = null, DateTime? expiresUtc = null, CancellationToken ct = default)
    {
        var trimmed = name?.Trim();
        var now = time.GetUtcNow().UtcDateTime;
        scope = string.IsNullOrWhiteSpace(scope) ? ApiTokenScopes.Full : scope.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(trimmed)) return Outcome.Invalid(Problem.Of("token.nameRequired", "A token needs a name, so you can tell it apart later."));
        if (trimmed.Length > 100) return Outcome.Invalid(Problem.Of("token.nameTooLong", "A token name must be at most {0} characters.", 100));
        if (!ApiTokenScopes.IsKnown(scope)) return Outcome.Invalid(Problem.Of("token.scope", "The scope must be '{0}' or '{1}'.", ApiTokenScopes.Read, ApiTokenScopes.Full));
        if (expiresUtc is { } expires && expires.ToUniversalTime() <= now) return Outcome.Invalid(Problem.Of("token.expiryPast", "The expiry must be in the future (or left out for none)."));

        var token = TokenPrefix + SecretHasher.NewSecret(32);
        var entity = new ApiToken
        {
            UserId = userId,
            Name = trimmed,
            TokenHash = hasher.Hash(token),
            DisplayPrefix = token[..(TokenPrefix.Length + 6)],
            CreatedUtc = now,
            Scope = scope,
            ExpiresUtc = expiresUtc?.ToUniversalTime(),
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ApiTokens.Add(entity);
        await db.SaveChangesAsync(ct);
        AccountsLog.ApiTokenCreated(logger, trimmed, username);
        await audit.RecordAsync(Audit.AuditActions.TokenCreated, Audit.AuditActions.Token, trimmed, $"of {username}, scope {scope}{(entity.ExpiresUtc is { } e ? $", expires {e:O}" : "")}");
        return Outcome<CreatedApiToken>.Ok(new CreatedApiToken(entity.Id, entity.Name, token, entity.CreatedUtc, entity.Scope, entity.ExpiresUtc));
    }

    public async Task<IReadOnlyList<ApiTokenSummary>> ListAsync(long userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync(ct);
        return tokens.Select(ApiTokenSummary.From).ToList();
    }

    public async Task<Outcome> RevokeAsync(long userId, string username, long tokenId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, ct);
        if (token is null) return Outcome.NotFound($"No token with id {tokenId}.");
        token.RevokedUtc ??= time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        AccountsLog.ApiTokenRevoked(logger, tokenId, username);
        await audit.RecordAsync(Audit.AuditActions.TokenRevoked, Audit.AuditActions.Token, token.Name, $"of {username}");
        // A dashboard holding a hub connection would otherwise keep receiving data until it reconnects.
        if (connections.Close(Credential(tokenId)) is > 0 and var closed) AccountsLog.ApiTokenConnectionsClosed(logger, tokenId, closed);
        return Outcome.Ok();
    }

    public static string Credential(long tokenId) => "token:" + tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The token and its active user, or null for unknown, revoked, expired or a disabled user.</summary>
    public async Task<ApiToken?> AuthenticateAsync(string token, CancellationToken ct = default)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 200) return null;
        var hash = hasher.Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entity = await db.ApiTokens.Include(t => t.User).FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (entity is null || entity.RevokedUtc is not null || entity.ExpiresUtc <= now || entity.User is not { IsActive: true }) return null;

        if (entity.LastUsedUtc is null || now - entity.LastUsedUtc > LastUsedGranularity)
        {
            entity.LastUsedUtc = now;
            await db.SaveChangesAsync(ct);
        }
        return entity;
    }
}
