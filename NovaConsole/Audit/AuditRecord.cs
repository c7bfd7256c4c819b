namespace NovaConsole.Audit;

/// <summary>One row of audit_log (schema step 30): written once, never changed or deleted (triggers refuse both).</summary>
internal sealed class AuditRecord
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }

    /// <summary>A user name, "token:&lt;name&gt;" for an API token, the name tried at a failed sign-in, or "system".</summary>
    public string Actor { get; set; } = "";

    /// <summary>The user behind the actor (the token's owner), when there is one.</summary>
    public string? UserName { get; set; }

    /// <summary>A dotted word from <see cref="AuditActions"/>.</summary>
    public string Action { get; set; } = "";

    public string? ObjectType { get; set; }
    public string? ObjectId { get; set; }
    public string? Detail { get; set; }
    public string? Address { get; set; }

    public AuditEntry ToEntry() => new(Id, AtUtc, Actor, UserName, Action, ObjectType, ObjectId, Detail, Address);
}

/// <summary>An audit entry as the API and the console show it.</summary>
public sealed record AuditEntry(
    long Id, DateTime AtUtc, string Actor, string? UserName, string Action, string? ObjectType, string? ObjectId, string? Detail, string? Address);

/// <summary>One page of the audit log and how many entries its filter matches.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int Total);

/// <summary>A filter over the audit log, newest first. Actor, action and object match a prefix (action "device." finds every device action).</summary>
internal sealed record AuditQuery(
    string? Actor = null, string? Action = null, string? ObjectType = null, string? ObjectId = null, DateTime? FromUtc = null, DateTime? ToUtc = null,
    int Skip = 0, int Take = 100)
{
    public const int MaxTake = 500;
}
