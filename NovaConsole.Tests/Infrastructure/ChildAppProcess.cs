using System.Net.Http.Json;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace NovaConsole.Tests.Infrastructure;

/// <summary>
/// The real NovaConsole executable in its own process, for what an in-process host cannot show: being killed
/// with SIGKILL, or the published single file starting with nothing but itself. Its listeners bind port 0; the
/// bound ports are read from its one-line-per-listener start-up log.
/// </summary>
public sealed partial class ChildAppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Dictionary<string, int> _ports = [];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private ChildAppProcess(Process process) => _process = process;

    public int Port(string listener) => _ports[listener];

    public Uri BaseAddress => new($"http://127.0.0.1:{Port("http")}/");

    /// <summary>A fresh data folder for a test whose app is started (and restarted) on it; <see cref="DeleteData"/> removes it.</summary>
    public static string NewDataPath() => Path.Combine(Path.GetTempPath(), "novaconsole-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Removes a test's data folder (from the test's DisposeAsync, after every process on it has gone).</summary>
    public static void DeleteData(string dataPath)
    {
        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The build output's executable, on a data folder of the test's choosing.</summary>
    public static Task<ChildAppProcess> StartAsync(string dataPath, params string[] extraArgs)
    {
        // The web project's own build output, beside this test project's (same configuration).
        var folder = AppContext.BaseDirectory.Replace($"{Path.DirectorySeparatorChar}NovaConsole.Tests{Path.DirectorySeparatorChar}",
            $"{Path.DirectorySeparatorChar}NovaConsole{Path.DirectorySeparatorChar}");
        return StartAsync(new ProcessStartInfo(Path.Combine(folder, "NovaConsole"), [.. ListenerArguments, $"--Storage:DataPath={dataPath}", .. extraArgs])
        {
            WorkingDirectory = folder,
        });
    }

    /// <summary>
    /// A published executable as README runs it: from <paramref name="workingDirectory"/>, with an empty environment
    /// (like env -i), on its default data folder there.
    /// </summary>
    public static Task<ChildAppProcess> StartWithoutEnvironmentAsync(string executable, string workingDirectory)
    {
        var start = new ProcessStartInfo(executable, ListenerArguments) { WorkingDirectory = workingDirectory };
        start.Environment.Clear();
        return StartAsync(start);
    }

    private static readonly string[] ListenerArguments =
    [
        "--urls=http://127.0.0.1:0", "--Mqtt:Port=0", "--Mqtt:TlsPort=-1", "--Mqtt:BindAddress=127.0.0.1",
        "--DeviceTcp:Port=0", "--DeviceTcp:BindAddress=127.0.0.1", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:NovaConsole.Hosting=Information",
    ];

    private static async Task<ChildAppProcess> StartAsync(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildAppProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        // A process that dies while starting fails the wait at once, with what it said.
        process.Exited += (_, _) =>
        {
            process.WaitForExit();
            child._started.TrySetException(new InvalidOperationException(
                $"NovaConsole exited with {process.ExitCode} before it listened:{Environment.NewLine}{string.Join(Environment.NewLine, child._output)}"));
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await child._started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
        return child;
    }

    /// <summary>Completes first-run setup with the setup token from <paramref name="dataPath"/> and signs that admin in.</summary>
    public async Task<HttpClient> CreateAdminClientAsync(string dataPath)
    {
        using var anonymous = new HttpClient { BaseAddress = BaseAddress };
        var token = (await File.ReadAllTextAsync(Path.Combine(dataPath, "setup-token.txt"))).Trim();
        (await anonymous.PostAsJsonAsync("api/v1/setup", new { token, username = AppHost.AdminUser, password = AppHost.AdminPassword })).EnsureSuccessStatusCode();
        return await SignInAsync();
    }

    /// <summary>A client signed in as the admin that setup created (cookie session).</summary>
    public async Task<HttpClient> SignInAsync()
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = BaseAddress };
        // Cookie-authenticated changes must name their origin (the cross-site request check), as a browser does.
        http.DefaultRequestHeaders.Add("Origin", BaseAddress.GetLeftPart(UriPartial.Authority));
        (await http.PostAsJsonAsync("api/v1/auth/login", new { username = AppHost.AdminUser, password = AppHost.AdminPassword })).EnsureSuccessStatusCode();
        return http;
    }


    /// <summary>SIGKILL: no shutdown code runs, exactly like a power cut of the process.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 200) _output.TryDequeue(out _);
        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            lock (_ports) _ports[match.Groups[1].Value] = int.Parse(match.Groups[2].Value);
            if (_ports.ContainsKey("http") && _ports.ContainsKey("mqtt")) _started.TrySetResult();
        }
    }

    [GeneratedRegex(@"Listening: ([\w-]+) on \S+:(\d+)")]
    private static partial Regex ListeningLine();
}
