namespace NovaConsole.Accounts;

/// <summary>One sign-in. The cookie names it by a random id; only a keyed hash of that id is stored.</summary>
internal sealed class UserSession
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required string SessionHash { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime LastSeenUtc { get; set; }
}
