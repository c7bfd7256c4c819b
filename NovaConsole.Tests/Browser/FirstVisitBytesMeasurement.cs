using Microsoft.Playwright;
using NovaConsole.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NovaConsole.Tests.Browser;

/// <summary>
/// Issue 10: what a first visit downloads (cold cache): the sign-in page, then the dashboard after signing in, summed
/// as encoded body bytes (what crossed the wire, compressed where it was). Figures only; the target is under 1 MB.
/// </summary>
[Trait("Needs", "browser")]
[Trait("Category", "Measurement")]
public sealed class FirstVisitBytesMeasurement(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task First_visit_bytes_of_sign_in_and_dashboard()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        var page = await browser.NewPageAsync(host);
        var finished = new List<IRequest>();
        page.RequestFinished += (_, request) => { lock (finished) finished.Add(request); };

        await page.GotoAsync("login", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await ConsolePages.SignInAsync(page);
        await ConsolePages.WaitForShellAsync(page);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        long total = 0;
        List<IRequest> requests;
        lock (finished) requests = [.. finished];
        foreach (var request in requests)
        {
            var sizes = await request.SizesAsync();
            var response = await request.ResponseAsync();
            var encoding = response is null ? "" : (await response.AllHeadersAsync()).GetValueOrDefault("content-encoding", "");
            total += sizes.ResponseBodySize;
            output.WriteLine($"{sizes.ResponseBodySize,9:N0} B  {encoding,-4} {request.Method} {new Uri(request.Url).PathAndQuery}");
        }
        output.WriteLine($"first visit, sign-in + dashboard: {total:N0} bytes in {requests.Count} responses");
        Assert.True(total > 0);
    }
}
