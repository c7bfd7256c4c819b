namespace NovaConsole.Accounts;

internal static class Roles
{
    public const string Admin = "Admin";
    public const string Operator = "Operator";
    public const string Viewer = "Viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Operator, Viewer];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);
}

/// <summary>Authorization policy names. Viewer needs no policy: any signed-in user reads.</summary>
internal static class Policies
{
    public const string Admin = "Admin";
    public const string Operator = "Operator";
}
