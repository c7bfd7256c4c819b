using NovaConsole.Shared;

namespace NovaConsole.Audit;

/// <summary>The audit log as CSV (RFC 4180, UTF-8, ISO 8601 UTC times), written as it is read.</summary>
internal static class AuditCsv
{
    public const string Header = "id,at_utc,actor,user,action,object_type,object_id,detail,address";

    public static Task WriteAsync(Stream body, IAsyncEnumerable<AuditEntry> entries) =>
        Csv.WriteAsync(body, Header, entries, e =>
        [
            Csv.Number(e.Id), Csv.Time(e.AtUtc), Csv.Field(e.Actor), Csv.Field(e.UserName), Csv.Field(e.Action),
            Csv.Field(e.ObjectType), Csv.Field(e.ObjectId), Csv.Field(e.Detail), Csv.Field(e.Address),
        ]);
}
