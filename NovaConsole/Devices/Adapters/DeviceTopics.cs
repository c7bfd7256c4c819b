namespace NovaConsole.Devices.Adapters;

/// <summary>
/// The topic rules of both seeds for one authenticated device: what its publishes mean, and which filters it
/// may subscribe to. A device touches only its own topics: the ThingsPanel upstream topics carry no device
/// number (the connection's identity says whose they are), every other topic names the device itself.
/// Works on spans so the broker's per-message authorization allocates nothing.
/// </summary>
internal static class DeviceTopics
{
    /// <summary>Classifies a PUBLISH topic of <paramref name="deviceId"/>; <paramref name="messageId"/> is the {message_id} level when there is one.</summary>
    public static DeviceTopicKind Classify(ReadOnlySpan<char> topic, ReadOnlySpan<char> deviceId, out ReadOnlySpan<char> messageId)
    {
        messageId = default;
        if (topic.SequenceEqual("devices/telemetry")) return DeviceTopicKind.ThingsPanelTelemetry;
        if (topic.SequenceEqual("ota/devices/progress")) return DeviceTopicKind.ThingsPanelOtaProgress;
        if (LastLevelAfter(topic, "devices/attributes/set/response/", out messageId)) return DeviceTopicKind.ThingsPanelAttributeSetResponse;
        if (LastLevelAfter(topic, "devices/command/response/", out messageId)) return DeviceTopicKind.ThingsPanelCommandResponse;
        if (LastLevelAfter(topic, "devices/attributes/", out messageId) && !IsReservedAttributeLevel(messageId)) return DeviceTopicKind.ThingsPanelAttributes;
        if (LastLevelAfter(topic, "devices/event/", out messageId) && !messageId.SequenceEqual("response")) return DeviceTopicKind.ThingsPanelEvent;
        messageId = default;
        if (NovaCloudTopic(topic, deviceId, out var last))
        {
            if (last.SequenceEqual("data")) return DeviceTopicKind.NovaCloudData;
            if (last.SequenceEqual("status")) return DeviceTopicKind.NovaCloudStatus;
        }
        return DeviceTopicKind.Refused;
    }

    /// <summary>
    /// Whether <paramref name="deviceId"/> may subscribe to <paramref name="filter"/>: one of the seeds'
    /// platform-to-device topics naming this device, with a wildcard allowed only in the {message_id} level.
    /// The device id level must be written exactly as registered: the platform publishes to that spelling, and
    /// topic matching is case-sensitive (MQTT 3.1.1 §4.7.3), so another spelling would be granted and never
    /// receive anything. <paramref name="idComparison"/> exists to tell that mistake apart in the refusal.
    /// </summary>
    public static bool MaySubscribe(ReadOnlySpan<char> filter, ReadOnlySpan<char> deviceId, StringComparison idComparison = StringComparison.Ordinal)
    {
        // Seed 000 §4.2 (ThingsPanel) and seed 004 §2.5 (NovaCloud): {D} is the device, {M} a message id level.
        return Matches(filter, deviceId, "devices/telemetry/control/{D}", idComparison)
            || Matches(filter, deviceId, "devices/attributes/set/{D}/{M}", idComparison)
            || Matches(filter, deviceId, "devices/attributes/get/{D}", idComparison)
            || Matches(filter, deviceId, "devices/command/{D}/{M}", idComparison)
            || Matches(filter, deviceId, "devices/attributes/response/{D}/{M}", idComparison)
            || Matches(filter, deviceId, "devices/event/response/{D}/{M}", idComparison)
            || Matches(filter, deviceId, "ota/devices/inform/{D}", idComparison)
            // ThingsPanel's own server publishes informs to this misspelling; devices built against it listen there.
            || Matches(filter, deviceId, "ota/devices/infrom/{D}", idComparison)
            || Matches(filter, deviceId, "novacloud/devices/{D}/command", idComparison);
    }

    // Platform topics for a device, used when the platform sends to it.
    public static string ThingsPanelControl(string deviceId) => $"devices/telemetry/control/{deviceId}";
    public static string ThingsPanelCommand(string deviceId, string messageId) => $"devices/command/{deviceId}/{messageId}";
    public static string ThingsPanelAttributeSet(string deviceId, string messageId) => $"devices/attributes/set/{deviceId}/{messageId}";
    public static string ThingsPanelAttributeGet(string deviceId) => $"devices/attributes/get/{deviceId}";
    public static string ThingsPanelAttributeResponse(string deviceId, string messageId) => $"devices/attributes/response/{deviceId}/{messageId}";
    public static string ThingsPanelEventResponse(string deviceId, string messageId) => $"devices/event/response/{deviceId}/{messageId}";
    public static string ThingsPanelOtaInform(string deviceId) => $"ota/devices/inform/{deviceId}";
    public static string ThingsPanelOtaInformMisspelt(string deviceId) => $"ota/devices/infrom/{deviceId}";

    /// <summary>Whether a granted filter of this device is one of its OTA inform topics (either spelling, no wildcard).</summary>
    public static bool IsOtaInform(string filter, string deviceId) =>
        filter == ThingsPanelOtaInform(deviceId) || filter == ThingsPanelOtaInformMisspelt(deviceId);
    public static string NovaCloudCommand(string deviceId) => $"novacloud/devices/{deviceId}/command";

    /// <summary>Topics under devices/attributes/ that mean something else than an attribute report.</summary>
    private static bool IsReservedAttributeLevel(ReadOnlySpan<char> level) =>
        level.SequenceEqual("set") || level.SequenceEqual("get") || level.SequenceEqual("response");

    /// <summary>True when topic is prefix + one non-empty level (no further '/').</summary>
    private static bool LastLevelAfter(ReadOnlySpan<char> topic, ReadOnlySpan<char> prefix, out ReadOnlySpan<char> level)
    {
        level = default;
        if (!topic.StartsWith(prefix, StringComparison.Ordinal)) return false;
        var rest = topic[prefix.Length..];
        if (rest.IsEmpty || rest.Contains('/')) return false;
        level = rest;
        return true;
    }

    /// <summary>novacloud/devices/{deviceId}/{last}, with the id level equal to this device's (ids compare ignoring case).</summary>
    private static bool NovaCloudTopic(ReadOnlySpan<char> topic, ReadOnlySpan<char> deviceId, out ReadOnlySpan<char> last)
    {
        last = default;
        const string prefix = "novacloud/devices/";
        if (!topic.StartsWith(prefix, StringComparison.Ordinal)) return false;
        var rest = topic[prefix.Length..];
        var slash = rest.IndexOf('/');
        if (slash < 0 || !rest[..slash].Equals(deviceId, StringComparison.OrdinalIgnoreCase)) return false;
        last = rest[(slash + 1)..];
        return !last.Contains('/');
    }

    /// <summary>Level-by-level comparison of a filter with a pattern whose {D} is the device and whose {M} is any level or a wildcard.</summary>
    private static bool Matches(ReadOnlySpan<char> filter, ReadOnlySpan<char> deviceId, ReadOnlySpan<char> pattern, StringComparison idComparison)
    {
        while (true)
        {
            var patternEnd = pattern.IndexOf('/');
            var filterEnd = filter.IndexOf('/');
            var patternLevel = patternEnd < 0 ? pattern : pattern[..patternEnd];
            var filterLevel = filterEnd < 0 ? filter : filter[..filterEnd];

            if (patternLevel.SequenceEqual("{D}"))
            {
                if (!filterLevel.Equals(deviceId, idComparison)) return false;
            }
            else if (patternLevel.SequenceEqual("{M}"))
            {
                // '#' in the message id level covers only this device's topics below it.
                if (filterLevel.SequenceEqual("#")) return filterEnd < 0 && patternEnd < 0;
                if (filterLevel.IsEmpty || (filterLevel.Contains('#') || (filterLevel.Contains('+') && filterLevel.Length > 1))) return false;
            }
            else if (!filterLevel.SequenceEqual(patternLevel))
            {
                return false;
            }

            if (patternEnd < 0 || filterEnd < 0) return patternEnd < 0 && filterEnd < 0;
            pattern = pattern[(patternEnd + 1)..];
            filter = filter[(filterEnd + 1)..];
        }
    }
}
