namespace NovaConsole.Accounts;

internal sealed class AccountsOptions
{
    public const string Section = "Accounts";

    /// <summary>Failed logins in a row that lock an account.</summary>
    public int LockoutThreshold { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    public int MinPasswordLength { get; set; } = PasswordPolicy.AbsoluteMinimumLength;
}
