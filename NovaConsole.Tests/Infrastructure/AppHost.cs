using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NovaConsole.Accounts;
using NovaConsole.Hosting;

namespace NovaConsole.Tests.Infrastructure;

/// <summary>
/// The real NovaConsole process in-proc: Kestrel on real sockets, every listener on port 0 bound to
/// 127.0.0.1, a fresh temporary data folder with its own SQLite file. Ask it for the bound addresses.
/// </summary>
public sealed class AppHost : IAsyncDisposable
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "correct-horse-battery";

    private readonly WebApplication _app;

    private AppHost(WebApplication app, string dataPath, CapturedLogs logs)
    {
        _app = app;
        DataPath = dataPath;
        Logs = logs;
    }

    public string DataPath { get; }

    /// <summary>Every line the app logged at its configured levels (Warning and up unless a test asks for more).</summary>
    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _app.Services;

    public Uri BaseAddress
    {
        get
        {
            var endPoint = Services.GetRequiredService<ListenerRegistry>().EndPoint("http")
                ?? throw new InvalidOperationException("The HTTP listener is not bound.");
            return new Uri($"http://{endPoint}/");
        }
    }

    /// <summary>The bound endpoint of a named listener (see /healthz), e.g. "device-tcp".</summary>
    public System.Net.IPEndPoint Listener(string name) =>
        Services.GetRequiredService<ListenerRegistry>().EndPoint(name) ?? throw new InvalidOperationException($"No listener named {name}.");

    public static async Task<AppHost> StartAsync(params string[] extraArgs)
    {
        // The app creates the data folder itself (private, 0700), as on a first start.
        var dataPath = Path.Combine(Path.GetTempPath(), "novaconsole-tests", Guid.NewGuid().ToString("N"));
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--Storage:DataPath={dataPath}",
            "--Logging:LogLevel:Default=Warning",
            "--DeviceTcp:Port=0",
            "--DeviceTcp:BindAddress=127.0.0.1",
            "--Mqtt:Port=0",
            "--Mqtt:TlsPort=0",
            "--Mqtt:BindAddress=127.0.0.1",
            .. extraArgs,
        ];
        var logs = new CapturedLogs();
        var app = NovaConsoleApp.Create(args, AppContext.BaseDirectory, builder => builder.Logging.AddProvider(logs));
        await app.StartAsync();
        return new AppHost(app, dataPath, logs);
    }

    /// <summary>Started and set up: the first administrator exists (created through the public setup API).</summary>
    public static async Task<AppHost> StartWithAdminAsync(params string[] extraArgs)
    {
        var host = await StartAsync(extraArgs);
        using var client = host.CreateClient();
        var response = await client.PostAsJsonAsync("api/v1/setup", new { token = host.ReadSetupToken(), username = AdminUser, password = AdminPassword });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Setup failed: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return host;
    }

    public string ReadSetupToken() => File.ReadAllText(Path.Combine(DataPath, SetupService.TokenFileName)).Trim();

    /// <summary>
    /// An HTTP client with its own cookie jar, like one browser on the console's own pages: it sends the console's
    /// origin, as a browser does on every POST, so cookie-authenticated changes pass the cross-site check.
    /// </summary>
    public HttpClient CreateClient()
    {
        var client = CreateCrossSiteClient();
        client.DefaultRequestHeaders.Add("Origin", BaseAddress.GetLeftPart(UriPartial.Authority));
        return client;
    }

    /// <summary>An HTTP client with its own cookie jar that sends no Origin header (a script, or a forged request).</summary>
    public HttpClient CreateCrossSiteClient() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = BaseAddress };

    public async Task<HttpClient> CreateSignedInClientAsync(string username = AdminUser, string password = AdminPassword)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("api/v1/auth/login", new { username, password });
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>Stops the app as a host stop would (listeners and background services end); the data folder stays until disposal.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS is left for the temp cleaner; it is not worth failing a test.
        }
    }
}
