using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace NovaConsole.Bench.Devices;

/// <summary>One provisioned device: the id and the key the import generated for it.</summary>
internal sealed record DeviceCredential(string Id, string Key);

/// <summary>Counters read from NovaConsole's <c>GET /api/v1/system/stats</c>.</summary>
internal readonly record struct NovaStats(long MessagesStored, long MessagesFailed, int QueueLength, int DevicesOnline, long WorkingSetBytes);

/// <summary>
/// The few NovaConsole HTTP calls the device benchmarks need: first-run setup with the token from the data folder,
/// login (cookie), device import (CSV in, CSV with generated keys out) and the system stats. Loopback only.
/// </summary>
internal sealed class NovaApi : IDisposable
{
    // The browser of live-latency signs in with these too.
    public const string UserName = "bench-admin";
    public const string Password = "bench-password-Nova-2026!";
    private readonly HttpClient _http;

    /// <summary>The signed-in client, for scenarios calling endpoints this class has no method for.</summary>
    public HttpClient Http => _http;

    public NovaApi(Uri baseAddress)
    {
        if (!IPAddress.TryParse(baseAddress.Host, out var ip) || !IPAddress.IsLoopback(ip))
            throw new ArgumentException($"--http {baseAddress}: loopback addresses only");
        _http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(120),
        };
        // A signed-in (cookie) POST must name the console as its Origin, as the console's own pages do.
        _http.DefaultRequestHeaders.Add("Origin", baseAddress.GetLeftPart(UriPartial.Authority));
    }

    /// <summary>Sends a command through the console API (as an operator would); returns the operation-log id.</summary>
    public async Task<long> SendCommandAsync(string deviceId, string name, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync($"/api/v1/devices/{deviceId}/commands", new { kind = "command", name }, ct).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"command to {deviceId} failed: {(int)response.StatusCode} {body}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("id").GetInt64();
    }

    /// <summary>Polls the device until the console shows it online (bounded: 10 s).</summary>
    public async Task WaitOnlineAsync(string deviceId, CancellationToken ct)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; await Task.Delay(5, ct).ConfigureAwait(false))
        {
            using var response = await _http.GetAsync($"/api/v1/devices/{deviceId}", ct).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
            if (doc.RootElement.GetProperty("isOnline").GetBoolean()) return;
        }
        throw new TimeoutException($"{deviceId} did not come online");
    }

    /// <summary>Creates the admin with the setup token (a fresh data folder) or, if that was done, just logs in.</summary>
    public async Task SignInAsync(string dataPath, CancellationToken ct)
    {
        string tokenFile = Path.Combine(dataPath, "setup-token.txt");
        if (File.Exists(tokenFile))
        {
            string token = (await File.ReadAllTextAsync(tokenFile, ct).ConfigureAwait(false)).Trim();
            using var setup = await _http.PostAsJsonAsync("/api/v1/setup", new { token, username = UserName, password = Password }, ct).ConfigureAwait(false);
            // 409/400 once the setup is done: fall through to the login.
        }
        using var login = await _http.PostAsJsonAsync("/api/v1/auth/login", new { username = UserName, password = Password }, ct).ConfigureAwait(false);
        if (!login.IsSuccessStatusCode)
            throw new InvalidOperationException($"login failed: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}");
    }

    /// <summary>Imports <paramref name="count"/> devices named <c>{prefix}-{i}</c> in chunks (the import takes at most 10,000 rows by default).</summary>
    public async Task<List<DeviceCredential>> ImportDevicesAsync(string prefix, int count, int chunk, CancellationToken ct)
    {
        var result = new List<DeviceCredential>(count);
        for (int first = 0; first < count; first += chunk)
        {
            int n = Math.Min(chunk, count - first);
            var csv = new StringBuilder("deviceId,name\n");
            for (int i = first; i < first + n; i++) csv.Append(prefix).Append('-').Append(i).Append(",bench device ").Append(i).Append('\n');
            using var content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
            using var response = await _http.PostAsync("/api/v1/devices/import", content, ct).ConfigureAwait(false);
            string body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"import failed: {(int)response.StatusCode} {body}");
            result.AddRange(ParseKeys(body));
        }
        if (result.Count != count) throw new InvalidOperationException($"import returned {result.Count} keys for {count} devices");
        return result;
    }

    /// <summary>Creates one device with numeric sensors (the import has no sensor columns); returns its id and key.</summary>
    public async Task<DeviceCredential> CreateDeviceAsync(string deviceId, string name, IReadOnlyList<string> numberSensors, CancellationToken ct)
    {
        var sensors = numberSensors.Select(key => new { valueKey = key, name = key, dataType = "number" }).ToArray();
        using var response = await _http.PostAsJsonAsync("/api/v1/devices", new { deviceId, name, sensors }, ct).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"creating {deviceId} failed: {(int)response.StatusCode} {body}");
        using var doc = JsonDocument.Parse(body);
        return new DeviceCredential(doc.RootElement.GetProperty("deviceId").GetString()!, doc.RootElement.GetProperty("key").GetString()!);
    }

    // Answer: CSV with a header naming deviceId and key among other columns (no commas inside our ids/keys).
    private static IEnumerable<DeviceCredential> ParseKeys(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[0].Split(',');
        int idColumn = Array.IndexOf(header, "deviceId"), keyColumn = Array.IndexOf(header, "key");
        if (idColumn < 0 || keyColumn < 0) throw new InvalidOperationException($"unexpected import answer header: {lines[0]}");
        foreach (string line in lines.Skip(1))
        {
            var cells = line.Split(',');
            if (cells.Length <= Math.Max(idColumn, keyColumn) || cells[keyColumn].Length == 0) continue; // an error row
            yield return new DeviceCredential(Unprotect(cells[idColumn]), Unprotect(cells[keyColumn]));
        }
    }

    // The export guards spreadsheet formulas: a cell starting with = + - @ gets a leading apostrophe (Shared/Csv.cs),
    // and a key can start with '-' (base64url). A spreadsheet hides the apostrophe; a program has to drop it.
    private static string Unprotect(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && cell[1] is '=' or '+' or '-' or '@' ? cell[1..] : cell;

    public async Task<NovaStats> StatsAsync(CancellationToken ct)
    {
        using var response = await _http.GetAsync("/api/v1/system/stats", ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false));
        var root = doc.RootElement;
        var telemetry = root.GetProperty("telemetry");
        return new NovaStats(telemetry.GetProperty("messagesStored").GetInt64(), telemetry.GetProperty("messagesFailed").GetInt64(),
            telemetry.GetProperty("queueLength").GetInt32(), root.GetProperty("devicesOnline").GetInt32(),
            root.GetProperty("processWorkingSetBytes").GetInt64());
    }

    /// <summary>Polls until <c>messagesStored</c> reaches <paramref name="target"/> or stops moving for <paramref name="quiet"/>.</summary>
    public async Task<NovaStats> WaitStoredAsync(long target, TimeSpan quiet, TimeSpan limit, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + limit;
        var last = await StatsAsync(ct).ConfigureAwait(false);
        var lastChange = DateTime.UtcNow;
        while (last.MessagesStored < target && DateTime.UtcNow < deadline && DateTime.UtcNow - lastChange < quiet)
        {
            await Task.Delay(200, ct).ConfigureAwait(false);
            var now = await StatsAsync(ct).ConfigureAwait(false);
            if (now.MessagesStored != last.MessagesStored) lastChange = DateTime.UtcNow;
            last = now;
        }
        return last;
    }

    public void Dispose() => _http.Dispose();
}
