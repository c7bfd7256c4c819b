using NovaConsole.Bench;
using NovaConsole.Bench.Results;
using NovaConsole.Bench.Scenarios;

// NovaConsole.Bench SCENARIO [--host 127.0.0.1] [--port 1883] [--broker-pid PID] [--broker-name NAME]
//                            [--quick] [--duration S] [--json-out FILE] [scenario options]
// NovaConsole.Bench table --reference FILE [--ours FILE] [--reference-name mosquitto] [--ours-name nova] [--others mqttnet=FILE]
// NovaConsole.Bench free-port
const string Usage = """
    usage: NovaConsole.Bench <scenario> [options]
      scenarios: fanin-qos0 fanin-qos1 fanout-qos0 paced-qos1 idle-connections
                 device-ingest-mqtt device-ingest-tcp device-ingest-http tcp-idle-devices live-latency (NovaConsole only: bench/run-devices.sh)
      common:    --host 127.0.0.1 --port 1883 --broker-pid PID --broker-name NAME --quick --duration S
                 --json-out FILE --username U --password P --keepalive S
      pub/sub:   --publishers N --subscribers N --payload BYTES --budget DELIVERIES --window N --batch N
                 --rate MSG_PER_S --warmup S --drain S --max-messages N
      idle:      --connections N --processes K --per-source N --settle S
      devices:   --http URL --data-path DIR --tcp-port N --devices N --window N --prefix P --import-chunk N
                 --rate MSG_PER_S (device-ingest-mqtt, live-latency: paced total rate)
      live:      --probes N --probe-interval-ms MS --settle S (live-latency: probe values and how long to wait for the last)
      tools:     table --reference FILE [--ours FILE] [--reference-name A] [--ours-name B] [--others NAME=FILE,...]
                 free-port
    """;

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    switch (options.Command)
    {
        case "free-port":
            Console.WriteLine(FreePort.Find());
            return 0;
        case "table":
            Console.Write(ComparisonTable.Render(options.String("reference", "mosquitto.jsonl"), options.String("ours", ""),
                options.String("reference-name", "mosquitto"), options.String("ours-name", "nova"), OtherBrokers(options.String("others", ""))));
            return 0;
        case IdleChild.Command:
            return await IdleChild.RunAsync(options);
        case TcpIdleDevices.ChildCommand:
            return await TcpIdleDevices.RunChildAsync(options);
        case DeviceIngestMqtt.Name or DeviceIngestTcp.Name or DeviceIngestHttp.Name or TcpIdleDevices.Name or LiveLatency.Name:
        {
            var result = options.Command switch
            {
                DeviceIngestMqtt.Name => await DeviceIngestMqtt.RunAsync(options, cancel.Token),
                DeviceIngestTcp.Name => await DeviceIngestTcp.RunAsync(options, cancel.Token),
                DeviceIngestHttp.Name => await DeviceIngestHttp.RunAsync(options, cancel.Token),
                LiveLatency.Name => await LiveLatency.RunAsync(options, cancel.Token),
                _ => await TcpIdleDevices.RunAsync(options, cancel.Token),
            };
            ResultPrinter.Print(result, options.JsonOut);
            return result.Ok ? 0 : 1;
        }
        case NovaConsole.Bench.Ota.OtaCampaignBench.Name:
            return await NovaConsole.Bench.Ota.OtaCampaignBench.RunAsync(options, cancel.Token);
        case IdleConnections.Name:
        {
            var result = await IdleConnections.RunAsync(options, cancel.Token);
            ResultPrinter.Print(result, options.JsonOut);
            return result.Ok ? 0 : 1;
        }
        default:
        {
            PubSubShape shape = options.Command switch
            {
                FanInQos0.Name => FanInQos0.Shape(options),
                FanInQos1.Name => FanInQos1.Shape(options),
                FanOutQos0.Name => FanOutQos0.Shape(options),
                PacedQos1.Name => PacedQos1.Shape(options),
                _ => throw new ArgumentException($"unknown scenario '{options.Command}'"),
            };
            var result = await PubSubEngine.RunAsync(shape, options, cancel.Token);
            ResultPrinter.Print(result, options.JsonOut);
            return result.Ok ? 0 : 1;
        }
    }
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(Usage);
    return 2;
}
catch (Exception ex) when (ex is System.Net.Sockets.SocketException or NovaConsole.Bench.Protocol.MqttBenchProtocolException or OperationCanceledException or InvalidOperationException or HttpRequestException or Microsoft.Playwright.PlaywrightException or TimeoutException)
{
    Console.Error.WriteLine($"{options.Command} failed: {ex.GetType().Name}: {ex.Message}");
    return 1;
}

// "mqttnet=results/mqttnet.jsonl,other=FILE": further brokers' columns in the table, after ours.
static List<(string Name, string Path)> OtherBrokers(string spec) =>
    spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(item => item.Split('=', 2) is [var name, var path] && name.Length > 0 && path.Length > 0
            ? (name, path)
            : throw new ArgumentException($"--others: '{item}' is not NAME=FILE"))
        .ToList();
