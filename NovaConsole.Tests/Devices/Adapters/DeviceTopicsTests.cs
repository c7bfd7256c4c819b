using NovaConsole.Devices.Adapters;

namespace NovaConsole.Tests.Devices.Adapters;

public sealed class DeviceTopicsTests
{
    private const string Device = "DEV-123456";

    [Theory]
    [InlineData("devices/telemetry", "ThingsPanelTelemetry", "")]
    [InlineData("devices/attributes/1234567", "ThingsPanelAttributes", "1234567")]
    [InlineData("devices/event/7654321", "ThingsPanelEvent", "7654321")]
    [InlineData("devices/command/response/42", "ThingsPanelCommandResponse", "42")]
    [InlineData("devices/attributes/set/response/43", "ThingsPanelAttributeSetResponse", "43")]
    [InlineData("ota/devices/progress", "ThingsPanelOtaProgress", "")]
    [InlineData("novacloud/devices/DEV-123456/data", "NovaCloudData", "")]
    [InlineData("novacloud/devices/dev-123456/status", "NovaCloudStatus", "")]
    public void A_devices_own_upstream_topics_are_recognised(string topic, string kind, string messageId)
    {
        Assert.Equal(Enum.Parse<DeviceTopicKind>(kind), DeviceTopics.Classify(topic, Device, out var id));
        Assert.Equal(messageId, id.ToString());
    }

    [Theory]
    [InlineData("novacloud/devices/DEV-999999/data")]        // another device's topic
    [InlineData("novacloud/devices/DEV-123456/command")]     // platform-to-device
    [InlineData("novacloud/devices/DEV-123456/data/extra")]
    [InlineData("devices/telemetry/control/DEV-123456")]     // platform-to-device
    [InlineData("devices/command/DEV-123456/1")]
    [InlineData("devices/attributes/response/DEV-123456/1")]
    [InlineData("devices/event/response/DEV-123456/1")]
    [InlineData("devices/attributes/")]
    [InlineData("devices/attributes/1/2")]
    [InlineData("ota/devices/inform/DEV-123456")]
    [InlineData("$SYS/broker/clients")]
    [InlineData("anything/else")]
    public void Other_topics_are_refused_for_publishing(string topic)
    {
        Assert.Equal(DeviceTopicKind.Refused, DeviceTopics.Classify(topic, Device, out _));
    }

    [Theory]
    [InlineData("devices/telemetry/control/DEV-123456")]
    [InlineData("devices/attributes/set/DEV-123456/+")]
    [InlineData("devices/attributes/get/DEV-123456")]
    [InlineData("devices/command/DEV-123456/+")]
    [InlineData("devices/command/DEV-123456/#")]
    [InlineData("devices/command/DEV-123456/1234")]
    [InlineData("devices/attributes/response/DEV-123456/+")]
    [InlineData("devices/event/response/DEV-123456/+")]
    [InlineData("ota/devices/inform/DEV-123456")]
    [InlineData("novacloud/devices/DEV-123456/command")]
    public void A_device_subscribes_to_its_own_downstream_topics(string filter)
    {
        Assert.True(DeviceTopics.MaySubscribe(filter, Device));
    }

    [Theory]
    [InlineData("devices/command/DEV-999999/+")]
    [InlineData("novacloud/devices/dev-123456/command")]      // commands go out to the registered spelling only
    [InlineData("devices/command/dev-123456/+")]
    [InlineData("devices/command/+/+")]
    [InlineData("devices/#")]
    [InlineData("#")]
    [InlineData("devices/telemetry")]                        // every device's telemetry
    [InlineData("novacloud/devices/+/command")]
    [InlineData("novacloud/devices/DEV-123456/data")]
    [InlineData("devices/command/DEV-123456/a+")]
    [InlineData("devices/command/DEV-123456/+/more")]
    [InlineData("devices/telemetry/control/DEV-123456/#")]
    [InlineData("ota/devices/inform/+")]
    public void A_device_cannot_subscribe_beyond_its_own_topics(string filter)
    {
        Assert.False(DeviceTopics.MaySubscribe(filter, Device));
    }

    [Fact]
    public void Checking_a_publish_topic_allocates_nothing()
    {
        var topics = new[] { "devices/telemetry", "novacloud/devices/DEV-123456/data", "devices/event/1", "foreign/topic" };
        foreach (var topic in topics) DeviceTopics.Classify(topic, Device, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++) DeviceTopics.Classify(topics[i % topics.Length], Device, out _);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
