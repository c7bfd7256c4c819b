using System.Text.Json;

namespace NovaConsole.Devices.Adapters;

/// <summary>The response payload of seed 000 §5.1: result 0 (success) or 1 with errcode, a message, ts in seconds, and the method for events.</summary>
internal static class ThingsPanelResponse
{
    public static byte[] Success(long ts, string? method = null) => Write(0, null, "success", ts, method);

    public static byte[] Failure(string errcode, string message, long ts, string? method = null) => Write(1, errcode, message, ts, method);

    private static byte[] Write(int result, string? errcode, string message, long ts, string? method)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("result", result);
            if (errcode is not null) json.WriteString("errcode", errcode);
            json.WriteString("message", message);
            json.WriteNumber("ts", ts);
            if (method is not null) json.WriteString("method", method);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
