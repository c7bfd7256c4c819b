using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace NovaConsole.Tests.Infrastructure;

/// <summary>
/// Runs one of the seeds' Python device examples (Devices/Seeds) as a child process, with only the host,
/// port and credentials replaced, and lets a test wait for what it prints.
/// </summary>
public sealed partial class SeedScript : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _seen = [];
    private readonly string _file;

    private SeedScript(Process process, string file)
    {
        _process = process;
        _file = file;
    }

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_seen) return [.. _seen];
        }
    }

    /// <param name="lingerSeconds">
    /// Keeps the process (and so its sockets) alive this long after the script's last line, for examples that
    /// connect and end at once (§2.3): the script itself runs unchanged. Its globals are kept, or its client
    /// object would be collected and its socket closed at once.
    /// </param>
    public static SeedScript Start(string seedFile, string deviceId, string deviceKey, string host, int port, int lingerSeconds = 0)
    {
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Devices", "Seeds", seedFile));
        source = Assignment("device_id").Replace(source, $"device_id = \"{deviceId}\"", 1);
        source = Assignment("device_key").Replace(source, $"device_key = \"{deviceKey}\"", 1);
        source = Assignment("server_host").Replace(source, $"server_host = \"{host}\"", 1);
        source = Assignment("server_port").Replace(source, $"server_port = {port}", 1);
        source = BrokerConnect().Replace(source, m => $"{m.Groups[1].Value}(\"{host}\", {port}, {m.Groups[2].Value})");
        var file = Path.Combine(Path.GetTempPath(), $"seed-{Guid.NewGuid():N}-{seedFile}");
        File.WriteAllText(file, source);

        var process = new Process
        {
            StartInfo = new ProcessStartInfo("/usr/bin/python3", lingerSeconds == 0
                ? ["-u", file]
                : ["-u", "-c", $"import runpy, time; kept = runpy.run_path({JsonString(file)}, run_name='__main__'); time.sleep({lingerSeconds})"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        var script = new SeedScript(process, file);
        process.OutputDataReceived += (_, e) => script.Add(e.Data);
        process.ErrorDataReceived += (_, e) => script.Add(e.Data is null ? null : "stderr: " + e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return script;
    }

    /// <summary>Waits until the script prints a line containing <paramref name="text"/> (lines already printed count).</summary>
    public async Task WaitForAsync(string text, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        lock (_seen)
        {
            if (_seen.Any(l => l.Contains(text, StringComparison.Ordinal))) return;
        }
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(cancel.Token))
            {
                if (line.Contains(text, StringComparison.Ordinal)) return;
            }
        }
        catch (OperationCanceledException)
        {
        }
        throw new Xunit.Sdk.XunitException($"The seed script never printed '{text}'. It printed:\n{string.Join('\n', Output)}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        File.Delete(_file);
    }

    private void Add(string? line)
    {
        if (line is null) return;
        lock (_seen) _seen.Add(line);
        _lines.Writer.TryWrite(line);
    }

    private static string JsonString(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static Regex Assignment(string name) => new($@"^{name} = .*$", RegexOptions.Multiline);

    [GeneratedRegex(@"(client\.connect)\(""[^""]+"", \d+, (\d+)\)")]
    private static partial Regex BrokerConnect();
}
