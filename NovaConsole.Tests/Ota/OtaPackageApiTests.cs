using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Ota;

/// <summary>POST/GET/DELETE /api/v1/ota/packages: streamed upload, hashes, size limit, immutability.</summary>
public sealed class OtaPackageApiTests : IAsyncLifetime
{
    private OtaRig _rig = null!;

    public async Task InitializeAsync() => _rig = await OtaRig.StartAsync("--Ota:MaxPackageBytes=1048576");

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task An_upload_answers_size_and_the_hashes_of_the_exact_bytes_and_keeps_the_sign_method_casing()
    {
        var file = RandomNumberGenerator.GetBytes(300_001);
        var md5 = await _rig.UploadAsync(file, signMethod: "Md5", extData: "{\"key1\":\"value1\"}");
        Assert.Equal(file.Length, md5.GetProperty("size").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(file)), md5.GetProperty("sign").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), md5.GetProperty("sha256").GetString());
        Assert.Equal("Md5", md5.GetProperty("signMethod").GetString());
        Assert.Equal("value1", md5.GetProperty("extData").GetProperty("key1").GetString());

        var sha = await _rig.UploadAsync(file, signMethod: "SHA256");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), sha.GetProperty("sign").GetString());

        var list = await _rig.Admin.GetFromJsonAsync<JsonElement>("api/v1/ota/packages");
        Assert.Equal(2, list.GetArrayLength());
        var stored = Directory.GetFiles(Path.Combine(_rig.Host.DataPath, "ota"));
        Assert.Equal(2, stored.Length);
        Assert.All(stored, f => Assert.Equal(file, File.ReadAllBytes(f)));
    }

    [Fact]
    public async Task A_file_beyond_the_size_limit_is_refused_with_413_and_leaves_nothing_behind()
    {
        var response = await _rig.Admin.PostAsync("api/v1/ota/packages", OtaRig.PackageForm(new byte[1048577]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 1048576 bytes", await response.Content.ReadAsStringAsync());
        Assert.Empty(Directory.GetFiles(Path.Combine(_rig.Host.DataPath, "ota")));
        Assert.Equal(0, (await _rig.Admin.GetFromJsonAsync<JsonElement>("api/v1/ota/packages")).GetArrayLength());
    }

    [Theory]
    [InlineData("CRC32", "signMethod")]
    [InlineData("MD5", "extData", "[1,2]")]
    [InlineData("MD5", "extData", "{broken")]
    public async Task Bad_fields_get_a_400_that_names_them(string signMethod, string named, string? extData = null)
    {
        var response = await _rig.Admin.PostAsync("api/v1/ota/packages", OtaRig.PackageForm([1, 2, 3], signMethod: signMethod, extData: extData));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync());
        Assert.Empty(Directory.GetFiles(Path.Combine(_rig.Host.DataPath, "ota")));
    }

    [Fact]
    public async Task A_package_is_deleted_only_while_no_campaign_uses_it()
    {
        var unused = await _rig.UploadAsync([1, 2, 3]);
        Assert.Equal(HttpStatusCode.NoContent, (await _rig.Admin.DeleteAsync($"api/v1/ota/packages/{unused.GetProperty("id")}")).StatusCode);

        var used = await _rig.UploadAsync([4, 5, 6]);
        var device = await _rig.ConnectDeviceAsync();
        device.Behaviour = SimBehaviour.Silent;
        await _rig.CreateCampaignAsync(new { name = "uses it", packageId = used.GetProperty("id").GetInt64(), targets = new { deviceIds = new[] { device.DeviceId } } });
        var refused = await _rig.Admin.DeleteAsync($"api/v1/ota/packages/{used.GetProperty("id")}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Single(await _rig.Admin.GetFromJsonAsync<JsonElement[]>("api/v1/ota/packages") ?? []);
    }

    [Fact]
    public async Task Viewers_cannot_upload()
    {
        await _rig.Admin.PostAsJsonAsync("api/v1/users", new { username = "watcher", password = "quiet-observer-42", role = "Viewer" });
        using var viewer = await _rig.Host.CreateSignedInClientAsync("watcher", "quiet-observer-42");
        var response = await viewer.PostAsync("api/v1/ota/packages", OtaRig.PackageForm([1]));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
