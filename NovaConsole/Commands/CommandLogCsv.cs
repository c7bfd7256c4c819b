using NovaConsole.Shared;

namespace NovaConsole.Commands;

/// <summary>The operation log as CSV (RFC 4180, UTF-8, ISO 8601 UTC times), written as it is read.</summary>
internal static class CommandLogCsv
{
    public const string Header = "id,created_utc,device_id,kind,name,params,origin,issued_by,transport,message_id,status,sent_utc,completed_utc,result_code,result_message";

    public static Task WriteAsync(Stream body, IAsyncEnumerable<CommandEntry> entries) =>
        Csv.WriteAsync(body, Header, entries, e =>
        [
            Csv.Number(e.Id), Csv.Time(e.CreatedUtc), Csv.Field(e.DeviceId), Csv.Field(e.Kind), Csv.Field(e.Name),
            Csv.Field(e.ParamsJson), Csv.Field(e.Origin), Csv.Field(e.IssuedBy), Csv.Field(e.Transport), Csv.Field(e.MessageId),
            Csv.Field(e.Status), Csv.Time(e.SentUtc), Csv.Time(e.CompletedUtc), Csv.Field(e.ResultCode), Csv.Field(e.ResultMessage),
        ]);
}
