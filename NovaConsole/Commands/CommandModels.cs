using System.Text.Json;

namespace NovaConsole.Commands;

/// <summary>What a command asks of a device; each transport maps it to its own wire shape.</summary>
internal enum CommandKind
{
    /// <summary>Set actuators: ThingsPanel telemetry/control, NovaCloud and TCP <c>set_actuator</c>.</summary>
    Control,
    /// <summary>A named method with params: ThingsPanel devices/command, NovaCloud and TCP <c>command</c>.</summary>
    Command,
    AttributesSet,
    AttributesGet,
}

/// <summary>
/// Where an entry is in its life. Pending until a transport took it; Sent until the device answers or the
/// timeout passes; Responded, Delivered or Failed are final. Delivered ends a command the protocol never answers
/// (ThingsPanel control) once the device acknowledged receiving it. Unmatched marks a device response that
/// answered nothing we sent.
/// </summary>
internal enum CommandState { Pending, Sent, Responded, Failed, Unmatched, Delivered }

/// <summary>Who issued a command: a person (Manual) or a rule or job (Automatic), as seed 000 §7.2 tells them apart.</summary>
internal sealed record CommandOrigin(CommandOriginKind Kind, string IssuedBy)
{
    public static CommandOrigin Manual(string user) => new(CommandOriginKind.Manual, user);

    public static CommandOrigin Automatic(string ruleOrJob) => new(CommandOriginKind.Automatic, ruleOrJob);
}

internal enum CommandOriginKind { Manual, Automatic, Device }

/// <summary>What a caller asks to send. <see cref="Name"/> is the method of a <see cref="CommandKind.Command"/>.</summary>
internal sealed record CommandRequest(CommandKind Kind, string? Name = null, JsonElement? Params = null);

/// <summary>
/// A command as handed to a transport: the log entry's id (TCP command_id), a ThingsPanel message_id, the
/// name on the wire (set_actuator for a control, the method for a command) and the checked params.
/// </summary>
internal sealed record DeviceCommand(
    long Id, string DeviceId, CommandKind Kind, string Name, JsonElement? Params, string MessageId, DateTimeOffset IssuedAt)
{
    /// <summary>The id a transport that carries one puts on the wire (seed 004 §3.3 command_id).</summary>
    public string CommandId => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// What a transport did with a command. <see cref="WireId"/> is the id it put on the wire (message_id or
/// command_id), if any; <see cref="AwaitsResponse"/> is false where the protocol has no answer for this kind
/// (ThingsPanel telemetry/control), so the entry ends as Sent instead of timing out.
/// </summary>
internal sealed record CommandDispatch(bool Sent, string? WireId, bool AwaitsResponse, string? Error)
{
    /// <summary>
    /// The transport reports when the device took the message (<see cref="CommandResponses.OnDeliveredAsync"/>): there is
    /// no answer to wait for, but the entry ends as Delivered, or fails when the device never acknowledged it.
    /// </summary>
    public bool AwaitsDelivery { get; init; }

    public static CommandDispatch Delivered(string? wireId, bool awaitsResponse = true) => new(true, wireId, awaitsResponse, null);

    public static CommandDispatch UntilAcknowledged() => new(true, null, true, null) { AwaitsDelivery = true };

    /// <summary>
    /// The transport holds the command until the device fetches it (an HTTP device's next long-poll): logged as queued
    /// with <see cref="HeldReason"/>, and Sent once the transport calls <see cref="CommandService.HandedOutAsync"/>.
    /// The command's timeout runs from now, so one the device never fetches fails as timed out.
    /// </summary>
    public string? HeldReason { get; init; }

    public static CommandDispatch Held(string why) => new(true, null, true, null) { HeldReason = why };

    public static CommandDispatch Refused(string error) => new(false, null, false, error);
}

/// <summary>One row of the operation log as the API and the console show it (public: console components take it as a parameter).</summary>
public sealed record CommandEntry(
    long Id,
    string DeviceId,
    string Kind,
    string Name,
    string? ParamsJson,
    string Origin,
    string IssuedBy,
    string? Transport,
    string? MessageId,
    string State,
    string Status,
    int? StatusCode,
    int? OperationType,
    DateTime CreatedUtc,
    DateTime? SentUtc,
    DateTime? CompletedUtc,
    string? ResultCode,
    string? ResultMessage,
    string? ResponseJson);

/// <summary>A filter over the operation log; newest first.</summary>
internal sealed record CommandQuery(string? DeviceId = null, CommandState? State = null, CommandOriginKind? Origin = null, string? Search = null, int Take = 100)
{
    public const int MaxTake = 500;

    /// <summary>Entries to pass over (server-side paging, newest first).</summary>
    public int Skip { get; init; }

    /// <summary>Created at or after this instant (UTC).</summary>
    public DateTime? FromUtc { get; init; }

    /// <summary>Created before this instant (UTC).</summary>
    public DateTime? ToUtc { get; init; }

    public CommandKind? Kind { get; init; }

    /// <summary>A finer filter than <see cref="State"/>: one of <see cref="CommandStatuses.All"/> (timed-out, responded-ok, queued, ...).</summary>
    public string? Status { get; init; }
}

/// <summary>The words of the API and the database for the enums above.</summary>
internal static class CommandNames
{
    public const string SetActuator = "set_actuator";
    public const string SetAttributes = "set_attributes";
    public const string GetAttributes = "get_attributes";

    public static string Of(CommandKind kind) => kind switch
    {
        CommandKind.Control => "control",
        CommandKind.Command => "command",
        CommandKind.AttributesSet => "attributes.set",
        _ => "attributes.get",
    };

    public static bool TryParseKind(string? text, out CommandKind kind)
    {
        foreach (var k in Enum.GetValues<CommandKind>())
        {
            if (string.Equals(Of(k), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }

    public static string Of(CommandState state) => state.ToString().ToLowerInvariant();

    public static bool TryParseState(string? text, out CommandState state) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out state) && Enum.IsDefined(state);

    public static string Of(CommandOriginKind origin) => origin.ToString().ToLowerInvariant();

    public static bool TryParseOrigin(string? text, out CommandOriginKind origin) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out origin) && Enum.IsDefined(origin);

    /// <summary>The name a kind carries on the wire when the request gave none (a control is always set_actuator).</summary>
    public static string WireName(CommandKind kind, string? method) => kind switch
    {
        CommandKind.Control => SetActuator,
        CommandKind.AttributesSet => SetAttributes,
        CommandKind.AttributesGet => GetAttributes,
        _ => method ?? "",
    };
}

/// <summary>Reasons a command failed, as stored in result_code, so the console can tell a timeout from the rest.</summary>
internal static class CommandFailures
{
    public const string DeviceOffline = "device_offline";
    public const string TransportError = "transport_error";
    public const string TimedOut = "timed_out";
    public const string Interrupted = "interrupted";
}
