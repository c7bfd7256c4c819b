using System.Buffers;
using System.Text.Json;
using NovaConsole.Shared;

namespace NovaConsole.Devices.Tcp;

/// <summary>One line of UTF-8 JSON into a message, or the reason a device should read for why it was refused.</summary>
internal static class DeviceTcpMessageParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32, CommentHandling = JsonCommentHandling.Disallow };

    public static DeviceTcpMessage Parse(in ReadOnlySequence<byte> line, out string? error)
    {
        error = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, Options);
        }
        catch (JsonException e)
        {
            error = $"not valid JSON: {e.Message}";
            return null!;
        }
        using (document)
        {
            // Before any value is read: invalid UTF-8 or a lone surrogate would make reading a string throw.
            if (JsonText.Problem(line) is { } problem)
            {
                error = problem;
                return null!;
            }
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "a message must be a JSON object";
                return null!;
            }
            var type = String(root, "type");
            var deviceId = String(root, "device_id");
            var timestamp = Timestamp(root);
            switch (type)
            {
                case "auth":
                    return new AuthMessage(deviceId, String(root, "device_key"));
                case "data" when root.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Object:
                    return new DataMessage(deviceId, timestamp, values.Clone());
                case "data":
                    error = "a data message needs a \"values\" object";
                    return null!;
                case "status" when String(root, "status") is { Length: > 0 } status:
                    return new StatusMessage(deviceId, timestamp, status, Optional(root, "info"));
                case "status":
                    error = "a status message needs a \"status\" string";
                    return null!;
                case "ping":
                    return new PingMessage(deviceId, timestamp);
                case "command_response" when String(root, "command_id") is { Length: > 0 } commandId:
                    return new CommandResponseMessage(deviceId, timestamp, commandId, ResultText(root), Optional(root, "data"));
                case "command_response":
                    error = "a command_response needs a \"command_id\"";
                    return null!;
                case null:
                    error = "the message has no \"type\"";
                    return null!;
                default:
                    error = $"unknown message type '{Truncate(type)}' (expected auth, data, status, ping or command_response)";
                    return null!;
            }
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Timestamp(JsonElement root) =>
        root.TryGetProperty("timestamp", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)
            ? seconds
            : null;

    private static JsonElement? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.Clone() : null;

    /// <summary>Devices answer "success"/"failed", but a boolean is read too.</summary>
    private static string? ResultText(JsonElement root) =>
        !root.TryGetProperty("result", out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : value.ValueKind == JsonValueKind.True ? "success"
        : value.ValueKind == JsonValueKind.False ? "failed"
        : value.GetRawText();

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
