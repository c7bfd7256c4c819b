using System.Globalization;
using Microsoft.Extensions.Options;
using NovaConsole.Commands;

namespace NovaConsole.Devices.Http;

/// <summary>
/// The HTTP device API (the NovaCloud guide's planned "HTTP access", seed 004 §4): devices that cannot keep a
/// connection open post data and fetch commands with their device key. Outside the console's sign-in: no cookie,
/// API token, antiforgery or Origin check applies here, and these routes open nothing else.
/// </summary>
internal static class HttpDeviceApi
{
    public const string Prefix = "/api/v1/d";
    public const string Transport = "http";

    public static bool Owns(PathString path) => path.StartsWithSegments(Prefix);

    public static IEndpointRouteBuilder MapHttpDeviceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).WithTags("Device HTTP API").AllowAnonymous().DisableAntiforgery();

        group.MapPost("/{deviceId}/telemetry", (HttpContext http, string deviceId, HttpDeviceGate gate, HttpDeviceMessages messages) =>
            gate.PostAsync(http, deviceId, "telemetry", messages.TelemetryAsync))
            .WithSummary("Telemetry: the NovaCloud data message, {\"values\": {...}}, or a plain object of readings; 200 once stored.");
        group.MapPost("/{deviceId}/attributes", (HttpContext http, string deviceId, HttpDeviceGate gate, HttpDeviceMessages messages) =>
            gate.PostAsync(http, deviceId, "attributes", messages.AttributesAsync))
            .WithSummary("Attributes the device reports, merged into its stored ones.");
        group.MapPost("/{deviceId}/events", (HttpContext http, string deviceId, HttpDeviceGate gate, HttpDeviceMessages messages) =>
            gate.PostAsync(http, deviceId, "event", messages.EventAsync))
            .WithSummary("An event: {\"method\": \"...\", \"params\": {...}}.");
        group.MapPost("/{deviceId}/status", (HttpContext http, string deviceId, HttpDeviceGate gate, HttpDeviceMessages messages) =>
            gate.PostAsync(http, deviceId, "status", messages.StatusAsync))
            .WithSummary("The device's own status: {\"status\": \"online|offline|error\", \"info\": {...}}.");
        group.MapGet("/{deviceId}/commands", PollAsync)
            .WithSummary("Long-polls for the next command (wait seconds, capped); 200 with the command, 204 when none came.");
        group.MapPost("/{deviceId}/commands/{commandId}/response", RespondAsync)
            .WithSummary("Answers a command: {\"result\": \"success\"|\"failed\", \"data\": {...}}.");
        return app;
    }

    private static async Task<IResult> PollAsync(HttpContext http, string deviceId, string? wait, HttpDeviceGate gate, HttpCommandMailbox mailbox,
        CommandService commands, IOptions<HttpDeviceOptions> options, IHostApplicationLifetime lifetime)
    {
        var (canonical, refusal) = await gate.AuthenticateAsync(http, deviceId);
        if (refusal is not null) return refusal;
        var settings = options.Value;
        var seconds = settings.DefaultWaitSeconds;
        if (wait is not null && (!int.TryParse(wait, NumberStyles.None, CultureInfo.InvariantCulture, out seconds)))
        {
            return gate.Refuse(http, canonical!, StatusCodes.Status400BadRequest, "Invalid wait", "wait is a whole number of seconds (0 answers at once).");
        }
        seconds = Math.Min(seconds, settings.MaxWaitSeconds);
        // A stopping server ends every poll at once (204), rather than holding shutdown for the longest wait.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var command = await mailbox.PollAsync(canonical!, HttpDeviceGate.Address(http), TimeSpan.FromSeconds(seconds),
            c => commands.HandedOutAsync(c, Transport), ended.Token);
        if (command is null) return Results.NoContent();
        return Results.Ok(new
        {
            id = command.CommandId,
            kind = CommandNames.Of(command.Kind),
            method = command.Name,
            @params = command.Params,
            issued_at = command.IssuedAt.ToUnixTimeSeconds(),
        });
    }

    private static Task<IResult> RespondAsync(HttpContext http, string deviceId, string commandId, HttpDeviceGate gate, HttpDeviceMessages messages)
    {
        if (!long.TryParse(commandId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return Task.FromResult(Results.Problem("The command id is the number given with the command by GET .../commands.", http.Request.Path,
                StatusCodes.Status400BadRequest, "Invalid command id"));
        }
        return gate.PostAsync(http, deviceId, "command response", (device, root, ct) => messages.CommandResponseAsync(device, id, root, ct));
    }
}
