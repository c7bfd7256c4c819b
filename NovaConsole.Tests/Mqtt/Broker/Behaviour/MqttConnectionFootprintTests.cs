using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Mqtt.Broker.Infrastructure;
using Xunit.Abstractions;

namespace NovaConsole.Tests.Mqtt.Broker.Behaviour;

/// <summary>What an idle connected client costs in managed memory (the broker's share; the test's pipes are subtracted).</summary>
[Collection(nameof(AllocationMeasurement))]
public sealed class MqttConnectionFootprintTests(ITestOutputHelper output)
{
    private const int Clients = 1_000;

    [Fact]
    public async Task An_idle_connected_client_with_one_subscription_costs_under_16_KiB()
    {
        // All clients come from 127.0.0.1 and CONNECT at once: lift the per-address cap on connections still in CONNECT.
        var options = new MqttBrokerOptions { MaxPendingConnectionsPerAddress = Clients };
        var broker = new MqttBroker(Options.Create(options), new TestHooks(), NullLogger<MqttBroker>.Instance);
        var pipesOnly = MeasurePipes(out var keepPipes);

        var connections = new List<(Pipe ToBroker, Pipe FromBroker, Task Run)>();
        var total = await MeasureAsync(async () =>
        {
            for (var i = 0; i < Clients; i++)
            {
                var toBroker = new Pipe();
                var fromBroker = new Pipe();
                var run = broker.RunConnectionAsync(
                    new DuplexPipe(toBroker.Reader, fromBroker.Writer), new MqttConnectionInfo($"c{i}", new IPEndPoint(IPAddress.Loopback, i), MqttTransport.Tcp));
                new MqttConnectPacket { ClientId = $"device-{i:D5}", KeepAliveSeconds = 60 }.WriteTo(toBroker.Writer);
                new MqttSubscribePacket(1, [new($"devices/device-{i:D5}/cmd", MqttQualityOfService.AtLeastOnce)]).WriteTo(toBroker.Writer, MqttProtocolVersion.V311);
                await toBroker.Writer.FlushAsync();
                connections.Add((toBroker, fromBroker, run));
            }

            foreach (var (_, fromBroker, _) in connections)
            {
                // CONNACK (4 bytes) and SUBACK (5 bytes).
                while (true)
                {
                    var result = await fromBroker.Reader.ReadAsync();
                    Assert.False(result.IsCompleted && result.Buffer.Length < 9, "the broker closed a connection before CONNACK and SUBACK");
                    if (result.Buffer.Length >= 9)
                    {
                        fromBroker.Reader.AdvanceTo(result.Buffer.End);
                        break;
                    }

                    fromBroker.Reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                }
            }
        });

        var perClient = (total - pipesOnly) / Clients;
        output.WriteLine($"{perClient} bytes of managed memory per idle client (the two pipes, {pipesOnly / Clients} bytes, excluded)");
        Assert.Equal(Clients, broker.GetStatistics().ConnectedClients);
        Assert.True(perClient < 16 * 1024, $"{perClient} bytes per client");
        GC.KeepAlive(keepPipes);

        foreach (var (toBroker, _, run) in connections)
        {
            await toBroker.Writer.CompleteAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    // The same pipes carrying the same few bytes each way, so the buffer blocks they keep are subtracted too.
    private static long MeasurePipes(out object keep)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var pipes = new List<Pipe>();
        for (var i = 0; i < Clients * 2; i++)
        {
            var pipe = new Pipe();
            pipe.Writer.Write(new byte[60]);
            pipe.Writer.FlushAsync().AsTask().Wait();
            pipe.Reader.TryRead(out var result);
            pipe.Reader.AdvanceTo(result.Buffer.End);
            pipes.Add(pipe);
        }

        keep = pipes;
        return GC.GetTotalMemory(forceFullCollection: true) - before;
    }

    private static async Task<long> MeasureAsync(Func<Task> action)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await action();
        return GC.GetTotalMemory(forceFullCollection: true) - before;
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
