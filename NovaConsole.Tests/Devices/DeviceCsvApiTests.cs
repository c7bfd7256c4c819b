using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using NovaConsole.Devices;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices;

public sealed class DeviceCsvApiTests : SignedInAppTests
{
    [Fact]
    public async Task Export_has_no_key_column_and_quotes_commas_and_quotes()
    {
        var created = await Admin.PostAsJsonAsync("api/v1/devices",
            new { deviceId = "csv-1", name = "Pump, \"big\" one", description = "line one\nline two", tags = new[] { "a", "b" } });
        var key = (await created.Content.ReadFromJsonAsync<DeviceDto>())!.Key!;

        var response = await Admin.GetAsync("api/v1/devices/export.csv");
        var text = await response.Content.ReadAsStringAsync();
        var records = DeviceCsv.Read(text).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.DoesNotContain(key, text);
        Assert.DoesNotContain("key", records[0].Fields, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("\"Pump, \"\"big\"\" one\"", text);
        Assert.Equal(["csv-1", "Pump, \"big\" one", "line one\nline two", "a;b", "true"], records[1].Fields.Take(5));
    }

    [Fact]
    public async Task Import_creates_the_good_rows_and_reports_the_bad_ones_by_line()
    {
        var csv = """
            deviceId,name,description,tags
            imp-1,First,"Has, a comma",north;roof
            bad id,Second,,
            ,Generated,,
            imp-1,Duplicate of line 2,,
            imp-4,,no name,
            """;

        var response = await Admin.PostAsync("api/v1/devices/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var records = DeviceCsv.Read(await response.Content.ReadAsStringAsync()).ToList();
        var created = records.Skip(1).Where(r => r.Fields[1].Length > 0).ToList();
        var errors = records.Skip(1).Where(r => r.Fields[3].Length > 0).ToDictionary(r => r.Fields[2], r => r.Fields[3]);
        var imported = (await Admin.GetFromJsonAsync<DeviceDto>("api/v1/devices/imp-1"))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["deviceId", "key", "line", "error"], records[0].Fields);
        Assert.Equal(2, created.Count);
        Assert.Equal("imp-1", created[0].Fields[0]);
        Assert.Matches(@"^DEV-\d{6}$", created[1].Fields[0]);
        Assert.All(created, c => Assert.Equal(32, c.Fields[1].Length));
        Assert.Contains("Device id 'bad id' is not valid", errors["3"]);
        Assert.Contains("already on line 2", errors["5"]);
        Assert.Equal("Name is required.", errors["6"]);
        Assert.Equal("Has, a comma", imported.Description);
        Assert.Equal(["north", "roof"], imported.Tags);
    }

    [Fact]
    public async Task Import_accepts_a_multipart_file_and_its_keys_authenticate()
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("deviceId,name\nfile-1,From a file\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "devices.csv");

        var response = await Admin.PostAsync("api/v1/devices/import", form);
        var row = DeviceCsv.Read(await response.Content.ReadAsStringAsync()).Skip(1).Single();
        var authenticator = (DeviceAuthenticator)Host.Services.GetService(typeof(DeviceAuthenticator))!;
        var auth = await authenticator.AuthenticateAsync("file-1", row.Fields[1], null, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("file-1", row.Fields[0]);
        Assert.True(auth.Succeeded);
    }

    [Fact]
    public async Task Import_of_only_bad_rows_is_a_400_problem_listing_the_lines()
    {
        var response = await Admin.PostAsync("api/v1/devices/import",
            new StringContent("deviceId,name\n\"unclosed,x\n", Encoding.UTF8, "text/csv"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"line\":2", body);
        Assert.Contains("not closed", body);
    }

    [Fact]
    public async Task Export_then_import_into_another_console_recreates_the_devices()
    {
        await Admin.PostAsJsonAsync("api/v1/devices", new { deviceId = "move-me", name = "Mover", tags = new[] { "x" } });
        var exported = await Admin.GetStringAsync("api/v1/devices/export.csv");
        await Admin.DeleteAsync("api/v1/devices/move-me");

        var response = await Admin.PostAsync("api/v1/devices/import", new StringContent(exported, Encoding.UTF8, "text/csv"));
        var moved = (await Admin.GetFromJsonAsync<DeviceDto>("api/v1/devices/move-me"))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["x"], moved.Tags);
    }

    [Fact]
    public async Task Import_without_a_csv_body_is_a_400_problem()
    {
        var response = await Admin.PostAsJsonAsync("api/v1/devices/import", new { rows = 1 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("text/csv", (await Problem.ReadAsync(response)).Detail);
    }
}
