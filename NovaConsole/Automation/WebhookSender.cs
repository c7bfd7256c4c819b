using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace NovaConsole.Automation;

/// <summary>
/// Posts a run's JSON to a webhook, signed with HMAC-SHA256 over "{timestamp}.{body}" when the action has a secret
/// (headers X-Nova-Timestamp and X-Nova-Signature: sha256=hex), with a timeout per attempt and retries with a doubling backoff.
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory clients, IOptions<AutomationOptions> options, TimeProvider time, ILogger<WebhookSender> logger)
{
    public const string ClientName = "automation-webhooks";
    public const string SignatureHeader = "X-Nova-Signature";
    public const string TimestampHeader = "X-Nova-Timestamp";

    public async Task<(bool Sent, string Detail)> SendAsync(string url, string? secret, object payload, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(payload, RunStep.Json);
        var settings = options.Value;
        var attempts = settings.WebhookRetries + 1;
        var uri = new Uri(url);
        string why = "";
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            if (attempt > 1)
            {
                var backoff = TimeSpan.FromSeconds(settings.WebhookBackoffSeconds * Math.Pow(2, attempt - 2));
                await Task.Delay(backoff, time, ct);
            }
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            request.Headers.Add(TimestampHeader, timestamp);
            if (!string.IsNullOrEmpty(secret)) request.Headers.Add(SignatureHeader, "sha256=" + Sign(secret, timestamp, body));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.WebhookTimeoutSeconds));
            try
            {
                using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
                if (response.IsSuccessStatusCode) return (true, $"HTTP {(int)response.StatusCode} on attempt {attempt}.");
                why = $"HTTP {(int)response.StatusCode}";
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                why = $"no answer within {settings.WebhookTimeoutSeconds} s";
            }
            catch (HttpRequestException e)
            {
                why = e.Message;
            }
            AutomationLog.WebhookAttemptFailed(logger, attempt, uri.Host, why);
        }
        return (false, $"{attempts} attempts failed; the last: {why}.");
    }

    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
