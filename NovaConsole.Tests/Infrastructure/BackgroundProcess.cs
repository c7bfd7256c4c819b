using System.Diagnostics;
using System.Text;

namespace NovaConsole.Tests.Infrastructure;

/// <summary>
/// A real client left running while a test acts (mosquitto_sub reconnects forever, so it never ends on its own):
/// its output is collected as it arrives, waits on it are bounded, and disposing kills it.
/// </summary>
public sealed class BackgroundProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BackgroundProcess(Process process) => _process = process;

    public static BackgroundProcess Start(string fileName, IEnumerable<string> arguments)
    {
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(fileName, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false },
            EnableRaisingEvents = true,
        };
        var running = new BackgroundProcess(process);
        process.OutputDataReceived += (_, e) => running.Append(e.Data);
        process.ErrorDataReceived += (_, e) => running.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public async Task WaitForOutputAsync(Func<string, bool> condition, string what, TimeSpan? timeout = null)
    {
        try
        {
            await Eventually.TrueAsync(() => condition(Output), what, timeout);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message} Output so far:\n{Output}");
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
