using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace NovaConsole.Accounts;

/// <summary>
/// Open SignalR connections (the telemetry hub and the console's own circuits) by the credential that opened them,
/// so revoking a token, signing out or resetting a password closes them at once instead of at their next check.
/// </summary>
internal sealed class CredentialConnections
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, HubCallerContext>> _byCredential = new();

    public void Add(string credential, HubCallerContext connection) =>
        _byCredential.GetOrAdd(credential, _ => new()).TryAdd(connection.ConnectionId, connection);

    public void Remove(string credential, HubCallerContext connection)
    {
        if (!_byCredential.TryGetValue(credential, out var connections)) return;
        connections.TryRemove(connection.ConnectionId, out _);
        // Racing an Add for the same credential is harmless: that Add made a fresh set or finds this one gone.
        if (connections.IsEmpty) _byCredential.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, HubCallerContext>>(credential, connections));
    }

    /// <summary>Closes every open connection of a credential; returns how many.</summary>
    public int Close(string credential)
    {
        if (!_byCredential.TryRemove(credential, out var connections)) return 0;
        foreach (var connection in connections.Values) connection.Abort();
        return connections.Count;
    }
}

/// <summary>
/// Files every hub connection under its credential for <see cref="CredentialConnections"/>, and closes a connection
/// when its credential expires (an API token with an expiry): the connection does not outlive what opened it.
/// </summary>
internal sealed class CredentialHubFilter(CredentialConnections connections, TimeProvider time) : IHubFilter
{
    private const string ExpiryTimerItem = "nova:expiry-timer";

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var user = context.Context.User;
        if (user?.CredentialKey() is { } credential) connections.Add(credential, context.Context);
        if (user?.ExpiresAt() is { } expires)
        {
            var left = expires - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                context.Context.Abort();
            }
            else
            {
                var connection = context.Context;
                context.Context.Items[ExpiryTimerItem] = time.CreateTimer(_ => connection.Abort(), null, left, Timeout.InfiniteTimeSpan);
            }
        }
        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (context.Context.User?.CredentialKey() is { } credential) connections.Remove(credential, context.Context);
        if (context.Context.Items.Remove(ExpiryTimerItem, out var timer)) (timer as IDisposable)?.Dispose();
        await next(context, exception);
    }
}
