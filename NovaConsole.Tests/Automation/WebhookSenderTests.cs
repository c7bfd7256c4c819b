using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NovaConsole.Automation;

namespace NovaConsole.Tests.Automation;

/// <summary>Webhooks against a local Kestrel server on port 0: the HMAC signature, retries with backoff, and giving up.</summary>
public sealed class WebhookSenderTests : IAsyncLifetime
{
    private WebApplication _server = null!;
    private int _failuresLeft;
    private readonly List<(string Body, string? Signature, string? Timestamp)> _received = [];

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapPost("/hook", async (HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            lock (_received) _received.Add((body, http.Request.Headers[WebhookSender.SignatureHeader], http.Request.Headers[WebhookSender.TimestampHeader]));
            return Interlocked.Decrement(ref _failuresLeft) >= 0 ? Results.StatusCode(503) : Results.Ok();
        });
        await _server.StartAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string Url => _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";

    private static WebhookSender Sender(int retries = 3) => new(new OneClient(),
        Options.Create(new AutomationOptions { WebhookRetries = retries, WebhookBackoffSeconds = 0.01, WebhookTimeoutSeconds = 5 }),
        TimeProvider.System, NullLogger<WebhookSender>.Instance);

    [Fact]
    public async Task A_webhook_is_retried_after_failures_and_signed_with_hmac_sha256_over_timestamp_and_body()
    {
        _failuresLeft = 2;

        var (sent, detail) = await Sender().SendAsync(Url, "s3cret-key", new { rule = "too hot", value = 31 }, CancellationToken.None);

        Assert.True(sent, detail);
        Assert.Contains("attempt 3", detail);
        Assert.Equal(3, _received.Count);
        var (body, signature, timestamp) = _received[^1];
        Assert.Equal("sha256=" + WebhookSender.Sign("s3cret-key", timestamp!, body), signature);
        Assert.Contains("\"too hot\"", body);
        Assert.NotEqual("sha256=" + WebhookSender.Sign("another-key", timestamp!, body), signature);
    }

    [Fact]
    public async Task A_webhook_that_keeps_failing_gives_up_after_three_retries_and_says_why()
    {
        _failuresLeft = 100;

        var (sent, detail) = await Sender().SendAsync(Url, null, new { }, CancellationToken.None);

        Assert.False(sent);
        Assert.Equal(4, _received.Count);
        Assert.Contains("HTTP 503", detail);
        Assert.Null(_received[0].Signature);
    }

    private sealed class OneClient : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}
