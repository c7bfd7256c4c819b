using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NovaConsole.Accounts;
using NovaConsole.Components.Pages.Ota;
using NovaConsole.Components.Text;
using NovaConsole.Ota;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Components.Bunit;

/// <summary>
/// The OTA pages' own checks and rendering: the upload form names every missing or wrong field in the page's language
/// before anything reaches the store, and the counts row shows each state's number with its label.
/// </summary>
public sealed class OtaPagesTests
{
    [Fact]
    public async Task The_upload_form_names_each_missing_field_and_stores_nothing()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        await using var ctx = new ConsoleComponentContext(app: host.Services);
        ctx.AddAuthorization().SetAuthorized(AppHost.AdminUser).SetPolicies(Policies.Operator);
        var cut = ctx.Render<OtaPackages>();

        cut.Find("[data-testid=ota-upload]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Choose a file.", cut.Markup));
        Assert.Contains("Give the package a name (1-100 characters).", cut.Markup);
        Assert.Contains("Give the version (1-64 characters).", cut.Markup);
        Assert.Contains("Give the module (1-64 characters), e.g. MCU.", cut.Markup);
        Assert.DoesNotContain("Choose MD5 or SHA256.", cut.Markup);   // MD5 is preselected

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("firmware bytes", "fw.bin"));
        cut.Find("#ota-name").Change("Pump firmware");
        cut.Find("#ota-version").Change("2.0");
        cut.Find("#ota-module").Change("MCU");
        cut.Find("#ota-extdata").Change("[1, 2]");
        cut.Find("[data-testid=ota-upload]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Extra data must be a JSON object.", cut.Markup));
        Assert.DoesNotContain("Choose a file.", cut.Markup);
        Assert.DoesNotContain("Give the package a name", cut.Markup);
        Assert.Contains("fw.bin (14 bytes)", cut.Markup);
        Assert.Empty(await host.Services.GetRequiredService<OtaPackageStore>().ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_upload_form_speaks_chinese_and_states_the_size_limit()
    {
        await using var host = await AppHost.StartWithAdminAsync("--Ota:MaxPackageBytes=10");
        await using var ctx = new ConsoleComponentContext(TextCatalog.Chinese, host.Services);
        // MudBlazor's registration brings its own IOptions<>; the page must see the app's settings.
        ctx.Services.AddSingleton(host.Services.GetRequiredService<IOptions<OtaOptions>>());
        ctx.AddAuthorization().SetAuthorized(AppHost.AdminUser).SetPolicies(Policies.Operator);
        var cut = ctx.Render<OtaPackages>();
        cut.WaitForAssertion(() => Assert.Contains("固件包最多 10 字节。", cut.Markup));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("more than ten bytes", "big.bin"));
        cut.Find("[data-testid=ota-upload]").Click();

        cut.WaitForAssertion(() => Assert.Contains("文件太大：固件包最多 10 字节。", cut.Markup));
        Assert.Contains("请填写固件包名称（1-100 个字符）。", cut.Markup);
        Assert.Empty(await host.Services.GetRequiredService<OtaPackageStore>().ListAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(TextCatalog.English, "In progress: 4", "Succeeded: 7", "Timed out: 2")]
    [InlineData(TextCatalog.Chinese, "进行中: 4", "成功: 7", "超时: 2")]
    public async Task The_counts_row_shows_every_state_with_its_number(string language, string inProgress, string succeeded, string timedOut)
    {
        await using var ctx = new ConsoleComponentContext(language);
        var counts = new CampaignCounts(Planned: 10, Queued: 3, Informed: 5, InProgress: 4, Succeeded: 7, Failed: 1, TimedOut: 2, Cancelled: 0, Skipped: 6);

        var cut = ctx.Render<OtaCampaignCounts>(p => p.Add(c => c.Counts, OtaCountItems.From(counts)));

        Assert.Equal(9, cut.FindAll("[data-testid^=ota-count-]").Count);
        Assert.Contains(inProgress, cut.Find("[data-testid=ota-count-inProgress]").TextContent);
        Assert.Contains(succeeded, cut.Find("[data-testid=ota-count-succeeded]").TextContent);
        Assert.Contains(timedOut, cut.Find("[data-testid=ota-count-timedOut]").TextContent);
        Assert.EndsWith(": 10", cut.Find("[data-testid=ota-count-planned]").TextContent.Trim());
        Assert.EndsWith(": 0", cut.Find("[data-testid=ota-count-cancelled]").TextContent.Trim());
        Assert.EndsWith(": 6", cut.Find("[data-testid=ota-count-skipped]").TextContent.Trim());
    }
}
