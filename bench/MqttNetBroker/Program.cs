using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using MQTTnet.Server;

// MqttNetBroker --port N
// MQTTnet 5.2's server with its defaults, anonymous (no validation handler: every CONNECT is accepted), on
// 127.0.0.1:N only, in the foreground until SIGTERM/SIGINT: the shape bench/run-mqtt.sh expects of every broker.
if (args is not ["--port", var portText] || !int.TryParse(portText, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
{
    Console.Error.WriteLine("usage: MqttNetBroker --port N   (listens on 127.0.0.1:N)");
    return 2;
}

var factory = new MqttServerFactory();
var options = factory.CreateServerOptionsBuilder()
    .WithDefaultEndpoint()
    .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
    // Loopback only: MQTTnet also opens [::]:N unless the IPv6 address is None.
    .WithDefaultEndpointBoundIPV6Address(IPAddress.None)
    .WithDefaultEndpointPort(port)
    .Build();

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

using var server = factory.CreateMqttServer(options);
await server.StartAsync();
// The log says which defaults were measured: the per-client queue bound decides what a backlog drops.
Console.WriteLine($"MQTTnet server listening on 127.0.0.1:{port}; pending messages per client {options.MaxPendingMessagesPerClient}, overflow {options.PendingMessagesOverflowStrategy}");
await stop.Task;
await server.StopAsync();
return 0;
