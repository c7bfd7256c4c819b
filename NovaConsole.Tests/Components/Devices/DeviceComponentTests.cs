using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;
using NovaConsole.Components.Pages.Devices;
using NovaConsole.Components.Text;
using NovaConsole.Devices;

namespace NovaConsole.Tests.Components.Devices;

/// <summary>bUnit: the device pages' small components and the logic behind their forms and controls.</summary>
public sealed class DeviceComponentTests : IAsyncLifetime
{
    // Composed, not inherited: MudBlazor's services are only IAsyncDisposable, which xUnit's Dispose would not await.
    private readonly BunitContext ctx = new();

    public DeviceComponentTests()
    {
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(new TextCatalog(NullLogger<TextCatalog>.Instance));
        ctx.Services.AddScoped<UiText>();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await ctx.DisposeAsync();

    [Theory]
    [InlineData("online", "Online")]
    [InlineData("offline", "Offline")]
    [InlineData("never_seen", "Never seen")]
    [InlineData("disabled", "Disabled")]
    public void The_status_badge_names_each_list_state(string status, string text)
    {
        var badge = ctx.Render<DeviceStatusBadge>(p => p.Add(b => b.Status, status).Add(b => b.DeviceId, "DEV-1"));

        var chip = badge.Find("[data-testid=device-presence]");
        Assert.Equal(text, chip.TextContent.Trim());
        Assert.Equal(status, chip.GetAttribute("data-status"));
        Assert.Equal("DEV-1", chip.GetAttribute("data-device"));
    }

    [Fact]
    public void The_status_badge_speaks_chinese_when_the_circuit_does()
    {
        ctx.Services.GetRequiredService<UiText>().Language = TextCatalog.Chinese;

        var badge = ctx.Render<DeviceStatusBadge>(p => p.Add(b => b.Status, "never_seen"));

        Assert.Equal("从未连接", badge.Find("[data-testid=device-presence]").TextContent.Trim());
    }

    [Fact]
    public void A_reported_status_shows_unless_it_only_says_online()
    {
        var error = ctx.Render<ReportedStatusBadge>(p => p.Add(b => b.Status, "error"));
        var online = ctx.Render<ReportedStatusBadge>(p => p.Add(b => b.Status, "online"));
        var none = ctx.Render<ReportedStatusBadge>(p => p.Add(b => b.Status, null));

        Assert.Equal("reports error", error.Find("[data-testid=device-reported-status]").TextContent.Trim());
        Assert.Empty(online.FindAll("[data-testid=device-reported-status]"));
        Assert.Empty(none.FindAll("[data-testid=device-reported-status]"));
    }

    [Fact]
    public void The_device_form_names_what_is_missing_before_asking_the_registry()
    {
        var form = new DeviceFormModel();
        Assert.Equal("devices.form.nameRequired", form.Problem());

        form.Name = "Pump";
        form.Sensors.Add(new SensorRow { ValueKey = " " });
        Assert.Equal("devices.form.sensorKeyRequired", form.Problem());

        form.Sensors.Clear();
        form.Actuators.Add(new ActuatorRow { Key = "speed", Type = "number", Min = 10, Max = 1 });
        Assert.Equal("devices.form.rangeInverted", form.Problem());

        form.Actuators[0].Max = 100;
        Assert.Null(form.Problem());
        // Every key the form can name exists in both languages.
        var catalog = ctx.Services.GetRequiredService<TextCatalog>();
        foreach (var key in new[] { "devices.form.nameRequired", "devices.form.sensorKeyRequired", "devices.form.actuatorKeyRequired", "devices.form.rangeInverted", "devices.form.optionsRequired" })
        {
            Assert.NotEqual(key, catalog.Get(TextCatalog.English, key));
            Assert.NotEqual(key, catalog.Get(TextCatalog.Chinese, key));
        }
    }

    [Fact]
    public void The_typed_command_controls_read_their_values_as_json_or_say_what_is_wrong()
    {
        var relay = new ControlRow(new ActuatorDefinition("relay1", "Relay", "boolean", null, null, null)) { Switch = true };
        var speed = new ControlRow(new ActuatorDefinition("speed", "Speed", "number", 0, 100, null));
        var config = new ControlRow(new ActuatorDefinition("config", "Config", "json", null, null, null)) { Text = "{\"a\": " };
        var mode = new ControlRow(new ActuatorDefinition("mode", "Mode", "enum", null, null, ["eco", "boost"])) { Text = "eco" };
        var text = new UiText(new TextCatalog(NullLogger<TextCatalog>.Instance));

        Assert.Equal("true", relay.Read(text).Value!.Value.GetRawText());
        Assert.Contains("enter a number", speed.Read(text).Problem);
        speed.Number = 42.5;
        Assert.Equal("42.5", speed.Read(text).Value!.Value.GetRawText());
        Assert.Contains("not valid JSON", config.Read(text).Problem);
        Assert.Equal("\"eco\"", mode.Read(text).Value!.Value.GetRawText());
    }

    [Fact]
    public void The_chart_range_presets_are_the_ones_the_api_knows()
    {
        foreach (var preset in DeviceTelemetryChart.Presets.Where(p => p != "custom"))
        {
            Assert.NotNull(NovaConsole.Telemetry.TelemetryRange.Preset(preset));
        }
    }
}
