using NovaConsole.Shared.Logging;

namespace NovaConsole.Accounts;

/// <summary>
/// Account events, EventIds 2000-2099. Passwords and tokens are never logged; names a stranger typed are truncated and
/// their failures rate-limited per address (see <see cref="LogValue"/>, <see cref="LogRateLimit"/>).
/// </summary>
internal static partial class AccountsLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "User {Username} signed in from {RemoteAddress}")]
    public static partial void LoginSucceeded(ILogger logger, string username, string? remoteAddress);

    public static void LoginFailed(ILogger logger, string username, string? remoteAddress)
    {
        if (logger.IsEnabled(LogLevel.Warning) && LogRateLimit.Allow(logger, 2001, remoteAddress)) LogLoginFailed(logger, LogValue.Truncate(username), remoteAddress);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Failed sign-in for {Username} from {RemoteAddress}")]
    private static partial void LogLoginFailed(ILogger logger, string username, string? remoteAddress);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Account {Username} locked after {Attempts} failed sign-ins, until {Until:u}")]
    public static partial void AccountLockedOut(ILogger logger, string username, int attempts, DateTime until);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Sign-in attempt for locked account {Username} from {RemoteAddress}")]
    private static partial void LogLoginWhileLockedOut(ILogger logger, string username, string? remoteAddress);

    public static void LoginWhileLockedOut(ILogger logger, string username, string? remoteAddress)
    {
        if (logger.IsEnabled(LogLevel.Warning) && LogRateLimit.Allow(logger, 2003, remoteAddress)) LogLoginWhileLockedOut(logger, username, remoteAddress);
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "User {Username} created with role {Role}")]
    public static partial void UserCreated(ILogger logger, string username, string role);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "User {Username} changed: role {Role}, active {IsActive}")]
    public static partial void UserChanged(ILogger logger, string username, string role, bool isActive);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Information, Message = "User {Username}: password set; their other sessions ended")]
    public static partial void PasswordReset(ILogger logger, string username);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Information, Message = "User {Username} deleted")]
    public static partial void UserDeleted(ILogger logger, string username);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning, Message = "No users yet. Open the console and complete setup with this one-time token: {SetupToken} (also in {TokenFile})")]
    public static partial void SetupTokenIssued(ILogger logger, string setupToken, string tokenFile);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Information, Message = "Setup complete: administrator {Username} created; the setup token is void")]
    public static partial void SetupCompleted(ILogger logger, string username);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Warning, Message = "Setup refused: wrong setup token from {RemoteAddress}")]
    public static partial void SetupTokenRejected(ILogger logger, string? remoteAddress);

    [LoggerMessage(EventId = 2023, Level = LogLevel.Warning, Message = "Refused a cross-site {Method} {Path}: origin {Origin} is not this console's {Host}")]
    private static partial void LogCrossSiteRefused(ILogger logger, string method, string path, string origin, string host);

    public static void CrossSiteRefused(ILogger logger, string method, string path, string? origin, string host, string? remoteAddress)
    {
        if (logger.IsEnabled(LogLevel.Warning) && LogRateLimit.Allow(logger, 2023, remoteAddress))
        {
            LogCrossSiteRefused(logger, method, LogValue.Truncate(path), LogValue.Truncate(origin ?? "(none)"), LogValue.Truncate(host));
        }
    }

    [LoggerMessage(EventId = 2030, Level = LogLevel.Information, Message = "API token '{TokenName}' created for {Username}")]
    public static partial void ApiTokenCreated(ILogger logger, string tokenName, string username);

    [LoggerMessage(EventId = 2031, Level = LogLevel.Information, Message = "API token {TokenId} revoked by {Username}")]
    public static partial void ApiTokenRevoked(ILogger logger, long tokenId, string username);

    [LoggerMessage(EventId = 2032, Level = LogLevel.Information, Message = "API token {TokenId} revoked: closed {Count} open hub connections")]
    public static partial void ApiTokenConnectionsClosed(ILogger logger, long tokenId, int count);
}
