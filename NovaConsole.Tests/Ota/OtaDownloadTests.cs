using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using NovaConsole.Ota;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Ota;

/// <summary>GET/HEAD /ota/download/{token}: no login, ranges, ETag and If-Range, 410 once revoked, bytes counted per task.</summary>
public sealed class OtaDownloadTests : IAsyncLifetime
{
    private readonly byte[] _file = RandomNumberGenerator.GetBytes(777_777);
    private OtaRig _rig = null!;
    private OtaSimDevice _device = null!;
    private long _campaign;
    private string _url = "";
    private readonly HttpClient _anonymous = new();

    public async Task InitializeAsync()
    {
        _rig = await OtaRig.StartAsync();
        var package = await _rig.UploadAsync(_file, signMethod: "SHA256");
        _device = await _rig.ConnectDeviceAsync();
        _device.Behaviour = SimBehaviour.Silent;
        _campaign = await _rig.CreateCampaignAsync(new { name = "download", packageId = package.GetProperty("id").GetInt64(), targets = new { deviceIds = new[] { _device.DeviceId } } });
        await Eventually.TrueAsync(() => _device.Informs.Count == 1, "the inform arrived");
        _url = _device.Informs[0].GetProperty("params").GetProperty("url").GetString()!;
    }

    public async Task DisposeAsync()
    {
        _anonymous.Dispose();
        await _rig.DisposeAsync();
    }

    private Task<HttpResponseMessage> GetAsync(Action<HttpRequestMessage>? setup = null, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, _url);
        setup?.Invoke(request);
        return _anonymous.SendAsync(request);
    }

    [Fact]
    public async Task The_whole_file_comes_without_a_login_with_its_validators_and_HEAD_says_the_same_without_a_body()
    {
        Assert.StartsWith(_rig.Host.BaseAddress.ToString().TrimEnd('/') + OtaDownloadEndpoint.PathPrefix, _url);
        var response = await GetAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_file, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("bytes", response.Headers.AcceptRanges.Single());
        var etag = response.Headers.ETag!.Tag;

        var head = await GetAsync(method: HttpMethod.Head);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(_file.Length, head.Content.Headers.ContentLength);
        Assert.Equal(etag, head.Headers.ETag!.Tag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_single_range_is_206_with_Content_Range_and_an_unsatisfiable_one_is_416()
    {
        var part = await GetAsync(r => r.Headers.Range = new RangeHeaderValue(100, 199));
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal($"bytes 100-199/{_file.Length}", part.Content.Headers.ContentRange!.ToString());
        Assert.Equal(_file[100..200], await part.Content.ReadAsByteArrayAsync());

        var suffix = await GetAsync(r => r.Headers.Range = new RangeHeaderValue(null, 10));
        Assert.Equal(_file[^10..], await suffix.Content.ReadAsByteArrayAsync());

        var beyond = await GetAsync(r => r.Headers.Range = new RangeHeaderValue(_file.Length, null));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
        Assert.Equal($"bytes */{_file.Length}", beyond.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task If_Range_with_another_validator_gets_the_whole_file()
    {
        var etag = (await GetAsync(method: HttpMethod.Head)).Headers.ETag!.Tag;
        var same = await GetAsync(r => { r.Headers.Range = new RangeHeaderValue(5, 9); r.Headers.TryAddWithoutValidation("If-Range", etag); });
        Assert.Equal(HttpStatusCode.PartialContent, same.StatusCode);
        var other = await GetAsync(r => { r.Headers.Range = new RangeHeaderValue(5, 9); r.Headers.TryAddWithoutValidation("If-Range", "\"something-else\""); });
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(_file.Length, (await other.Content.ReadAsByteArrayAsync()).Length);
    }

    [Theory]
    [InlineData(null, "bb3d")]
    [InlineData("IBM", "bb3d")]
    [InlineData("MODBUS", "4b37")]
    [InlineData("CCITT", "2189")]
    public void Crc16_variants_match_their_catalogue_check_values(string? method, string check)
    {
        var crc = Crc16.For(method);
        crc.Append("123456789"u8);
        Assert.Equal(check, crc.Hex);
    }

    [Fact]
    public async Task A_range_request_with_Crc16_Method_gets_the_crc_of_the_returned_bytes()
    {
        var response = await GetAsync(r => { r.Headers.Range = new RangeHeaderValue(1000, 5095); r.Headers.Add("Crc16-Method", "MODBUS"); });
        var crc = Crc16.For("MODBUS");
        crc.Append(_file.AsSpan(1000, 4096));
        Assert.Equal(crc.Hex, response.Headers.GetValues("X-CRC16").Single());
    }

    [Fact]
    public async Task A_download_cut_at_random_points_and_resumed_with_Range_always_gives_the_right_hash()
    {
        var random = new Random(12345);
        for (var round = 0; round < 12; round++)
        {
            using var assembled = new MemoryStream();
            while (assembled.Length < _file.Length)
            {
                var request = new HttpRequestMessage(HttpMethod.Get, _url);
                if (assembled.Length > 0) request.Headers.Range = new RangeHeaderValue(assembled.Length, null);
                using var response = await _anonymous.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                Assert.Equal(assembled.Length > 0 ? HttpStatusCode.PartialContent : HttpStatusCode.OK, response.StatusCode);
                await using var body = await response.Content.ReadAsStreamAsync();
                // Read a random number of bytes, then drop the connection mid-body.
                var cut = random.Next(1, 300_000);
                var buffer = new byte[8192];
                var taken = 0;
                int read;
                while (taken < cut && (read = await body.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, cut - taken)))) > 0)
                {
                    assembled.Write(buffer, 0, read);
                    taken += read;
                }
            }
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(_file)), Convert.ToHexStringLower(SHA256.HashData(assembled.ToArray())));
        }
        // Every byte written is counted for the device's task, those of cut downloads too.
        var row = await Eventually.GetAsync(async () => (await _rig.DevicesAsync(_campaign)).Single(), d => d.GetProperty("bytesServed").GetInt64() >= 12L * _file.Length);
        Assert.True(row.GetProperty("bytesServed").GetInt64() >= 12L * _file.Length);
    }

    [Fact]
    public async Task After_cancel_the_link_answers_410_at_once_and_an_unknown_token_404()
    {
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(method: HttpMethod.Head)).StatusCode);
        var cancelled = await _rig.Admin.PostAsync($"api/v1/ota/campaigns/{_campaign}/cancel", null);
        Assert.Equal(HttpStatusCode.NoContent, cancelled.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await GetAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _anonymous.GetAsync(_url[..^4] + "AAAA")).StatusCode);
    }
}
