using System.Globalization;
using System.Text.Json;

namespace NovaConsole.Ota;

/// <summary>A progress report (seed 000 §4.1.4) as read from the wire: step as the device wrote it (string or number).</summary>
internal sealed record OtaProgressReport(string Step, string? Desc, string? Module);

/// <summary>
/// The OTA wire of the ThingsPanel spec (seed 000 §4.2.5 inform, §4.1.4 progress). The seed's table and sample disagree
/// on types; the "sample" style follows the sample (id a string of digits, code and size numbers), the "thingspanel"
/// style writes every scalar as a string (id, code, size), as the table's "String" and a string-typed parser expect.
/// </summary>
internal static class OtaWire
{
    public static byte[] Inform(string style, long attemptId, OtaPackage package, string url)
    {
        var strings = style == OtaPayloadStyles.ThingsPanel;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", attemptId.ToString(CultureInfo.InvariantCulture));
            if (strings) w.WriteString("code", "200");
            else w.WriteNumber("code", 200);
            w.WriteStartObject("params");
            w.WriteString("version", package.Version);
            if (strings) w.WriteString("size", package.Size.ToString(CultureInfo.InvariantCulture));
            else w.WriteNumber("size", package.Size);
            w.WriteString("url", url);
            w.WriteString("signMethod", package.SignMethod);
            w.WriteString("sign", package.Sign);
            w.WriteString("module", package.Module);
            w.WritePropertyName("extData");
            if (package.ExtDataJson is { } ext) w.WriteRawValue(ext, skipInputValidation: false);
            else
            {
                w.WriteStartObject();
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Reads {step, desc, module}; null and a reason when it is not a progress report.</summary>
    public static OtaProgressReport? ReadProgress(JsonElement root, out string? problem)
    {
        problem = null;
        if (!root.TryGetProperty("step", out var step))
        {
            problem = "an OTA progress report needs \"step\"";
            return null;
        }
        string? raw = step.ValueKind switch
        {
            JsonValueKind.String => step.GetString(),
            JsonValueKind.Number => step.GetRawText(),
            _ => null,
        };
        if (raw is null || raw.Length > 32)
        {
            problem = "\"step\" must be a number or a string (at most 32 characters)";
            return null;
        }
        return new OtaProgressReport(raw.Trim(), Text(root, "desc", 512), Text(root, "module", 64));
    }

    private static string? Text(JsonElement root, string name, int max) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { } s ? (s.Length > max ? s[..max] : s) : null;
}

/// <summary>How the OTA engine reaches devices; the MQTT adapter implements it (the engine never names MQTT types).</summary>
internal interface IOtaInformTransport
{
    /// <summary>The inform topic the device listens on right now (the seed's or the misspelt "infrom"), null when it does not.</summary>
    string? ListeningTopic(string deviceId);

    /// <summary>Publishes QoS 1, not retained.</summary>
    ValueTask PublishAsync(string topic, byte[] payload);
}
