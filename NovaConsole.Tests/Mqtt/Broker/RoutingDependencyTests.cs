namespace NovaConsole.Tests.Mqtt.Broker;

public sealed class RoutingDependencyTests
{
    [Theory]
    [InlineData("NovaConsole/Mqtt/Broker/Routing")]
    [InlineData("NovaConsole/Mqtt/Broker/Access")]
    public void Routing_and_access_use_only_the_base_library_the_codec_and_extensions(string folder)
    {
        // The codec is allowed since routing shares its MqttQualityOfService; I/O and hosting are not.
        string[] forbidden =
        [
            "using System.Net", "using System.IO.Pipelines", "using Microsoft.AspNetCore", "using Microsoft.EntityFrameworkCore",
            "using NovaConsole.Devices", "using NovaConsole.Data", "using NovaConsole.Components",
            "using NovaConsole.Mqtt.Broker;",
        ];

        Assert.Empty(DependencyScan.Offences(folder, forbidden));
    }
}
