using System.Globalization;
using System.Text;
using NovaConsole.Shared;

namespace NovaConsole.Audit;

/// <summary>The audit log as CSV (RFC 4180, UTF-8, ISO 8601 UTC times), written as it is read.</summary>
internal static class AuditCsv
{
    public const string Header = "id,at_utc,actor,user,action,object_type,object_id,detail,address";

    public static async Task WriteAsync(Stream body, IAsyncEnumerable<AuditEntry> entries)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), 64 * 1024);
        await writer.WriteAsync(Header + "\r\n");
        await foreach (var e in entries)
        {
            await writer.WriteAsync(string.Join(',',
                e.Id.ToString(CultureInfo.InvariantCulture), e.AtUtc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                Csv.Field(e.Actor), Csv.Field(e.UserName), Csv.Field(e.Action), Csv.Field(e.ObjectType), Csv.Field(e.ObjectId),
                Csv.Field(e.Detail), Csv.Field(e.Address)) + "\r\n");
        }
    }
}
