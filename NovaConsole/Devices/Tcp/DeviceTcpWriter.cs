using System.Buffers;
using System.Text.Json;

namespace NovaConsole.Devices.Tcp;

/// <summary>Platform-to-device messages of seed 004 §3, each one JSON object and a '\n'.</summary>
internal static class DeviceTcpWriter
{
    public static void AuthResult(IBufferWriter<byte> output, bool success, string message, long timestamp) =>
        Write(output, json =>
        {
            json.WriteString("type", "auth_result");
            json.WriteString("result", success ? "success" : "failed");
            json.WriteString("message", message);
            json.WriteNumber("timestamp", timestamp);
        });

    public static void Pong(IBufferWriter<byte> output, long timestamp) =>
        Write(output, json =>
        {
            json.WriteString("type", "pong");
            json.WriteNumber("timestamp", timestamp);
        });

    public static void Error(IBufferWriter<byte> output, string message, long timestamp) =>
        Write(output, json =>
        {
            json.WriteString("type", "error");
            json.WriteString("message", message);
            json.WriteNumber("timestamp", timestamp);
        });

    public static void Command(IBufferWriter<byte> output, string commandId, string deviceId, string command, JsonElement? parameters, long timestamp) =>
        Write(output, json =>
        {
            json.WriteString("type", "command");
            json.WriteString("command_id", commandId);
            json.WriteString("device_id", deviceId);
            json.WriteNumber("timestamp", timestamp);
            json.WriteString("command", command);
            json.WritePropertyName("params");
            if (parameters is { } p)
            {
                p.WriteTo(json);
            }
            else
            {
                json.WriteStartObject();
                json.WriteEndObject();
            }
        });

    // Readable on a device's serial console: no \u0027-style escapes for quotes or non-ASCII text (still valid JSON).
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static void Write(IBufferWriter<byte> output, Action<Utf8JsonWriter> body)
    {
        using (var json = new Utf8JsonWriter(output, Options))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        output.Write("\n"u8);
    }
}
