using NovaConsole.Shared;

namespace NovaConsole.Accounts;

/// <summary>
/// What a password must not be: short, on the list of passwords attackers try first, the user name (alone or with
/// digits and symbols around it), or one character repeated. Every way of setting a password goes through here.
/// </summary>
internal static class PasswordPolicy
{
    /// <summary>The floor for Accounts:MinPasswordLength: below it an offline guess of a stolen hash is cheap.</summary>
    public const int AbsoluteMinimumLength = 10;

    public const int MaxLength = 256;

    public static Problem? Problem(string? password, string? username, int minLength)
    {
        if (string.IsNullOrEmpty(password) || password.Length < minLength) return Shared.Problem.Of("password.tooShort", "Password must be at least {0} characters.", minLength);
        if (password.Length > MaxLength) return Shared.Problem.Of("password.tooLong", "Password must be at most {0} characters.", MaxLength);
        if (password.All(c => c == password[0])) return Shared.Problem.Of("password.repeated", "Password must not be one character repeated.");
        if (IsUsername(password, username?.Trim())) return Shared.Problem.Of("password.username", "Password must not be the user name.");
        if (CommonPasswords.Contains(password)) return Shared.Problem.Of("password.common", "This password is too common: it is on the list of passwords attackers try first.");
        return null;
    }

    /// <summary>The user name, ignoring case and any digits and symbols before or after it ("Grace-Hopper2024!").</summary>
    private static bool IsUsername(string password, string? username)
    {
        if (string.IsNullOrEmpty(username)) return false;
        var core = password.AsSpan().Trim("0123456789!@#$%^&*()-_=+.,;:?~ ");
        return core.Equals(username, StringComparison.OrdinalIgnoreCase) || password.Equals(username, StringComparison.OrdinalIgnoreCase);
    }
}
