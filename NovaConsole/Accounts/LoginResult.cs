namespace NovaConsole.Accounts;

internal enum LoginStatus { Succeeded, InvalidCredentials, LockedOut, Disabled }

internal sealed record LoginResult(LoginStatus Status, User? User = null, DateTime? LockedUntilUtc = null)
{
    public string Message => Status switch
    {
        LoginStatus.Succeeded => "Signed in.",
        LoginStatus.LockedOut => $"Too many failed sign-ins. The account is locked until {LockedUntilUtc:yyyy-MM-dd HH:mm} UTC.",
        LoginStatus.Disabled => "This account is disabled. Ask an administrator.",
        _ => "Wrong username or password.",
    };
}
