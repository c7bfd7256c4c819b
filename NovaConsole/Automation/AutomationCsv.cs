using System.Globalization;
using NovaConsole.Shared;

namespace NovaConsole.Automation;

/// <summary>Rule runs and alarms as CSV (RFC 4180, UTF-8, ISO 8601 UTC times), written as they are read.</summary>
internal static class AutomationCsv
{
    public const string RunsHeader = "id,rule_id,device_id,reason,trigger_value,fired_at_utc,finished_utc,depth,status,detail,conditions,steps";
    public const string AlarmsHeader = "id,device_id,type,severity,state,message,raised_utc,cleared_utc,acknowledged_by,acknowledged_utc,comment,rule_id,run_id";

    public static Task WriteRunsAsync(Stream body, IAsyncEnumerable<RuleRunRecord> runs) =>
        Csv.WriteAsync(body, RunsHeader, runs, r =>
        [
            Csv.Number(r.Id), Csv.Number(r.RuleId), Csv.Field(r.DeviceId), Csv.Field(r.Reason),
            r.TriggerValue?.ToString(CultureInfo.InvariantCulture) ?? "", Csv.Time(r.FiredAtUtc), Csv.Time(r.FinishedUtc), Csv.Number(r.Depth),
            Csv.Field(r.Status), Csv.Field(r.Detail), Csv.Field(r.ConditionsJson), Csv.Field(r.StepsJson),
        ]);

    public static Task WriteAlarmsAsync(Stream body, IAsyncEnumerable<AlarmRecord> alarms) =>
        Csv.WriteAsync(body, AlarmsHeader, alarms, a =>
        [
            Csv.Number(a.Id), Csv.Field(a.DeviceId), Csv.Field(a.Type), Csv.Field(a.Severity), Csv.Field(AlarmView.StateOf(a.Active, a.Acknowledged)),
            Csv.Field(a.Message), Csv.Time(a.RaisedUtc), Csv.Time(a.ClearedUtc), Csv.Field(a.AcknowledgedBy), Csv.Time(a.AcknowledgedUtc),
            Csv.Field(a.Comment), a.RuleId is { } rule ? Csv.Number(rule) : "", a.RunId is { } run ? Csv.Number(run) : "",
        ]);
}
