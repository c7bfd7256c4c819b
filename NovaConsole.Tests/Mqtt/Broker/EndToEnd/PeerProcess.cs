using System.Diagnostics;
using System.Threading.Channels;

namespace NovaConsole.Tests.Mqtt.Broker.EndToEnd;

/// <summary>A real MQTT peer (mosquitto_sub, python3 with paho): its output lines, a bounded wait, a kill at the end.</summary>
internal sealed class PeerProcess : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _seen = [];

    private PeerProcess(Process process)
    {
        _process = process;
        // The channel is completed only after the process exited and both streams were drained (ReadToEndAsync):
        // completing it at stdout's end would lose stderr lines that arrive later.
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _lines.Writer.TryWrite(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _lines.Writer.TryWrite("stderr: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static PeerProcess Start(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new PeerProcess(Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start"));
    }

    /// <summary>Runs to completion and returns stdout+stderr lines; fails on a non-zero exit or after the timeout.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(string fileName, params string[] arguments)
    {
        await using var peer = Start(fileName, arguments);
        var lines = await peer.ReadToEndAsync();
        Assert.True(peer._process.ExitCode == 0, $"{fileName} exited with {peer._process.ExitCode}: {string.Join(" | ", lines)}");
        return lines;
    }

    public async Task<string> WaitForLineAsync(Func<string, bool> predicate)
    {
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(cts.Token))
            {
                _seen.Add(line);
                if (predicate(line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        throw new TimeoutException($"No matching line; seen: {string.Join(" | ", _seen)}");
    }

    public async Task<IReadOnlyList<string>> ReadToEndAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // drains the asynchronous output readers
        _lines.Writer.TryComplete();
        await foreach (var line in _lines.Reader.ReadAllAsync(cts.Token))
        {
            _seen.Add(line);
        }

        return _seen;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
