namespace NovaConsole.Devices;

internal static partial class DevicesLog
{
    [LoggerMessage(EventId = 4090, Level = LogLevel.Warning, Message = "Device clock offsets could not be read or saved: {Reason}")]
    public static partial void ClockOffsetsUnavailable(ILogger logger, string reason);
}
