namespace NovaConsole.Audit;

/// <summary>The actions the audit log records, and the object types they name.</summary>
internal static class AuditActions
{
    public const string SignIn = "auth.sign-in";
    public const string SignInFailed = "auth.sign-in-failed";
    public const string SignInLockedOut = "auth.locked-out";
    public const string SignOut = "auth.sign-out";

    public const string DeviceCreated = "device.create";
    public const string DeviceUpdated = "device.update";
    public const string DeviceDeleted = "device.delete";
    public const string DeviceEnabled = "device.enable";
    public const string DeviceDisabled = "device.disable";
    public const string DeviceKeyReset = "device.key-reset";
    public const string DeviceBulk = "device.bulk";
    public const string DevicesImported = "device.import";
    public const string DevicesExported = "device.export";

    public const string CommandSent = "command.send";

    public const string UserCreated = "user.create";
    public const string UserChanged = "user.update";
    public const string UserPasswordReset = "user.password-reset";
    public const string UserDeleted = "user.delete";
    public const string OwnPasswordChanged = "account.password-change";
    public const string OtherSessionsRevoked = "account.sessions-revoked";
    public const string TokenCreated = "token.create";
    public const string TokenRevoked = "token.revoke";

    public const string SettingChanged = "settings.change";

    public const string Device = "device";
    public const string Command = "command";
    public const string User = "user";
    public const string Token = "token";
    public const string Setting = "setting";
}
