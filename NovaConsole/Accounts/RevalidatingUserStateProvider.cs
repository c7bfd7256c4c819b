using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace NovaConsole.Accounts;

/// <summary>
/// A Blazor circuit outlives the request that opened it; every minute it checks that its user is still
/// active with the same security stamp, so disabling a user or resetting a password ends their open consoles.
/// </summary>
internal sealed class RevalidatingUserStateProvider(ILoggerFactory loggerFactory, AccountService accounts)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        var id = state.User.UserId();
        if (id is null) return false;
        var user = await accounts.FindAsync(id.Value, ct);
        return user is { IsActive: true } && user.SecurityStamp == state.User.FindFirstValue(UserPrincipal.StampClaim);
    }
}
