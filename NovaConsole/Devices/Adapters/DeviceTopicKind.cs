namespace NovaConsole.Devices.Adapters;

/// <summary>What a device-to-platform MQTT topic means, under seed 000 (ThingsPanel) §4.1 or seed 004 (NovaCloud) §2.</summary>
internal enum DeviceTopicKind
{
    /// <summary>Not a topic a device may publish to.</summary>
    Refused,
    ThingsPanelTelemetry,
    ThingsPanelAttributes,
    ThingsPanelEvent,
    ThingsPanelCommandResponse,
    ThingsPanelAttributeSetResponse,
    ThingsPanelOtaProgress,
    NovaCloudData,
    NovaCloudStatus,
}
