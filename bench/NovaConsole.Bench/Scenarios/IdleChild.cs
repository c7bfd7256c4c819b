using System.Diagnostics;
using NovaConsole.Bench.Client;

namespace NovaConsole.Bench.Scenarios;

/// <summary>
/// One load process of <c>idle-connections</c> (command <c>idle-child</c>): opens its share of connections
/// from its source addresses, says <c>READY connected failed</c> on stdout, pings as keep-alive requires,
/// and on <c>STOP</c> (or stdin closing, or its time limit) disconnects and says <c>DONE lost</c>.
/// </summary>
internal static class IdleChild
{
    public const string Command = "idle-child";

    public static async Task<int> RunAsync(BenchOptions o)
    {
        int first = o.Int("first", 0), count = o.Int("count", 100), perSource = o.Int("per-source", 10_000);
        var limit = TimeSpan.FromSeconds(o.Double("max-seconds", 600));
        using var stop = new CancellationTokenSource(limit);
        var settings = o.ClientSettings(60, receiveBufferSize: 64, replyBufferSize: 0);
        string tag = o.String("tag", "idle");

        var (clients, failed, firstError) = await ConnectionFactory.ConnectManyTolerantAsync(settings, count,
            i => $"nb-{tag}-i{first + i}", i => ConnectionFactory.SourceAddress(first + i, perSource),
            concurrency: o.Int("connect-concurrency", 64), maxFailures: Math.Max(50, count / 100), stop.Token);

        var loops = clients.Select(c => c.RunReceiveLoopAsync(new IgnoringPacketHandler(), stop.Token)).ToList();
        var keepAlive = KeepAlivePinger.RunAsync(clients, settings.KeepAliveSeconds, stop.Token);
        Console.Out.WriteLine($"READY {clients.Count} {failed} {firstError ?? "-"}");
        Console.Out.Flush();

        // Wait for STOP or stdin EOF (the parent is gone) within the time limit.
        var stdin = Console.In;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                string? line = await stdin.ReadLineAsync(stop.Token).ConfigureAwait(false);
                if (line is null || line.Trim() == "STOP") break;
            }
        }
        catch (OperationCanceledException)
        {
        }

        int lost = clients.Count(c => c.Failure is not null);
        await stop.CancelAsync().ConfigureAwait(false);
        await ConnectionFactory.DisconnectAllAsync(clients).ConfigureAwait(false);
        await Task.WhenAny(Task.WhenAll(loops.Append(keepAlive)), Task.Delay(3000)).ConfigureAwait(false);
        Console.Out.WriteLine($"DONE {lost} {clients.FirstOrDefault(c => c.Failure is not null)?.Failure ?? "-"}");
        Console.Out.Flush();
        return 0;
    }

    /// <summary>How to start this program again as a child: the apphost, or `dotnet NovaConsole.Bench.dll`.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var info = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(typeof(IdleChild).Assembly.Location);
        foreach (string a in arguments) info.ArgumentList.Add(a);
        return info;
    }
}
