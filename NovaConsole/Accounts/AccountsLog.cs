namespace NovaConsole.Accounts;

/// <summary>Account events, EventIds 2000-2099. Passwords and tokens are never logged.</summary>
internal static partial class AccountsLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "User {Username} signed in from {RemoteAddress}")]
    public static partial void LoginSucceeded(ILogger logger, string username, string? remoteAddress);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Failed sign-in for {Username} from {RemoteAddress}")]
    public static partial void LoginFailed(ILogger logger, string username, string? remoteAddress);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Account {Username} locked after {Attempts} failed sign-ins, until {Until:u}")]
    public static partial void AccountLockedOut(ILogger logger, string username, int attempts, DateTime until);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Sign-in attempt for locked account {Username} from {RemoteAddress}")]
    public static partial void LoginWhileLockedOut(ILogger logger, string username, string? remoteAddress);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "User {Username} created with role {Role}")]
    public static partial void UserCreated(ILogger logger, string username, string role);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "User {Username} changed: role {Role}, active {IsActive}")]
    public static partial void UserChanged(ILogger logger, string username, string role, bool isActive);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Information, Message = "User {Username} deleted")]
    public static partial void UserDeleted(ILogger logger, string username);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning, Message = "No users yet. Open the console and complete setup with this one-time token: {SetupToken} (also in {TokenFile})")]
    public static partial void SetupTokenIssued(ILogger logger, string setupToken, string tokenFile);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Information, Message = "Setup complete: administrator {Username} created; the setup token is void")]
    public static partial void SetupCompleted(ILogger logger, string username);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Warning, Message = "Setup refused: wrong setup token from {RemoteAddress}")]
    public static partial void SetupTokenRejected(ILogger logger, string? remoteAddress);

    [LoggerMessage(EventId = 2030, Level = LogLevel.Information, Message = "API token '{TokenName}' created for {Username}")]
    public static partial void ApiTokenCreated(ILogger logger, string tokenName, string username);

    [LoggerMessage(EventId = 2031, Level = LogLevel.Information, Message = "API token {TokenId} revoked by {Username}")]
    public static partial void ApiTokenRevoked(ILogger logger, long tokenId, string username);
}
