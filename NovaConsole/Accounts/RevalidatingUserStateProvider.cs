using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace NovaConsole.Accounts;

/// <summary>
/// A Blazor circuit outlives the request that opened it; every minute it checks that its user is still
/// active with the same security stamp and its session lives (ending a session also closes its circuits at once).
/// </summary>
internal sealed class RevalidatingUserStateProvider(ILoggerFactory loggerFactory, UserSessions sessions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct) =>
        await sessions.ValidateAsync(state.User, ct) is not null;
}
