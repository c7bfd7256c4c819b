namespace NovaConsole.Commands;

/// <summary>One row of command_log (schema step 13). Enum-like columns hold the words of <see cref="CommandNames"/>.</summary>
internal sealed class CommandLogRecord
{
    public long Id { get; set; }
    public string DeviceId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public string? ParamsJson { get; set; }
    public string Origin { get; set; } = "";
    public string IssuedBy { get; set; } = "";
    public string? Transport { get; set; }
    public string? MessageId { get; set; }
    public string State { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime? SentUtc { get; set; }
    public DateTime? CompletedUtc { get; set; }
    public bool? Succeeded { get; set; }
    public string? ResultCode { get; set; }
    public string? ResultMessage { get; set; }
    public string? ResponseJson { get; set; }

    public CommandEntry ToEntry()
    {
        var state = CommandNames.TryParseState(State, out var s) ? s : CommandState.Failed;
        var status = state switch
        {
            CommandState.Failed when ResultCode == CommandFailures.TimedOut => "timed-out",
            CommandState.Responded => Succeeded == true ? "responded-ok" : "responded-error",
            CommandState.Pending when ResultCode == CommandLanes.QueuedCode => "queued",
            _ => State,
        };
        // Seed 000 §7.1: 1 sent, 2 send failed, 3 the device replied; §7.2: 1 manual, 2 automatic.
        int? statusCode = state switch { CommandState.Sent or CommandState.Delivered => 1, CommandState.Failed => 2, CommandState.Responded => 3, _ => null };
        int? operationType = Origin switch { "manual" => 1, "automatic" => 2, _ => null };
        return new CommandEntry(Id, DeviceId, Kind, Name, ParamsJson, Origin, IssuedBy, Transport, MessageId, State, status, statusCode,
            operationType, CreatedUtc, SentUtc, CompletedUtc, ResultCode, ResultMessage, ResponseJson);
    }
}
