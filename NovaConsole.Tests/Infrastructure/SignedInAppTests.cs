using System.Net.Http.Json;
using System.Text.Json;

namespace NovaConsole.Tests.Infrastructure;

/// <summary>
/// Base for tests against the running app (a fresh one per test) with the first administrator set up and signed in
/// through the public API, as a script would be.
/// </summary>
public abstract class SignedInAppTests : IAsyncLifetime
{
    protected AppHost Host { get; private set; } = null!;

    /// <summary>An HTTP client signed in as the administrator (cookie session).</summary>
    protected HttpClient Admin { get; private set; } = null!;

    /// <summary>Extra command-line settings for the app under test.</summary>
    protected virtual string[] AppArguments => [];

    public async Task InitializeAsync()
    {
        Host = await AppHost.StartWithAdminAsync(AppArguments);
        Admin = await Host.CreateSignedInClientAsync();
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>Registers a device through the API and returns its id and the key shown once.</summary>
    protected async Task<(string DeviceId, string Key)> CreateDeviceAsync(string name = "Test device")
    {
        var response = await Admin.PostAsJsonAsync("api/v1/devices", new { name });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("deviceId").GetString()!, created.GetProperty("key").GetString()!);
    }
}
