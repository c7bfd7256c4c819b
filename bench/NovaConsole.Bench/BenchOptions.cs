using System.Globalization;
using System.Net;
using NovaConsole.Bench.Client;

namespace NovaConsole.Bench;

/// <summary>
/// Command line: <c>NovaConsole.Bench SCENARIO [--name value | --flag]...</c>. Scenarios read their own
/// settings with defaults of their own; these are the ones common to all.
/// </summary>
internal sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private BenchOptions(string command) => Command = command;

    public string Command { get; }

    public static BenchOptions Parse(string[] args)
    {
        if (args.Length == 0) throw new ArgumentException("missing scenario name");
        var options = new BenchOptions(args[0]);
        for (int i = 1; i < args.Length; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{arg}'");
            string name = arg[2..];
            bool hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            options._values[name] = hasValue ? args[++i] : "true";
        }
        return options;
    }

    public bool Quick => Flag("quick");
    public string Host => String("host", "127.0.0.1");
    public int Port => Int("port", 1883);
    public int? BrokerPid => int.TryParse(_values.GetValueOrDefault("broker-pid"), out int pid) && pid > 0 ? pid : null;
    public string BrokerName => String("broker-name", "");
    public string? JsonOut => _values.GetValueOrDefault("json-out");
    public string Target => $"{Host}:{Port}";

    /// <summary>The broker's endpoint; refuses anything outside 127.0.0.0/8 (load goes to loopback only).</summary>
    public IPEndPoint BrokerEndPoint
    {
        get
        {
            var address = IPAddress.Parse(Host);
            if (!IPAddress.IsLoopback(address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
                throw new ArgumentException($"--host {Host}: the bench only targets 127.0.0.0/8");
            return new IPEndPoint(address, Port);
        }
    }

    public ClientSettings ClientSettings(ushort keepAliveSeconds, int receiveBufferSize, int replyBufferSize) =>
        new(BrokerEndPoint, (ushort)Int("keepalive", keepAliveSeconds), receiveBufferSize, replyBufferSize,
            _values.GetValueOrDefault("username"), _values.GetValueOrDefault("password"));

    /// <summary>Scenario time: --duration, else the scenario's default, or its quick default with --quick.</summary>
    public double Duration(double normal, double quick) => Double("duration", Quick ? quick : normal);

    public bool Flag(string name) => _values.TryGetValue(name, out string? v) && v != "false";
    public string String(string name, string fallback) => _values.GetValueOrDefault(name, fallback);
    public int Int(string name, int fallback) => _values.TryGetValue(name, out string? v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
    public long Long(string name, long fallback) => _values.TryGetValue(name, out string? v) ? long.Parse(v, CultureInfo.InvariantCulture) : fallback;
    public double Double(string name, double fallback) => _values.TryGetValue(name, out string? v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
