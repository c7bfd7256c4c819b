using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using NovaConsole.Shared;

namespace NovaConsole.Devices.Http;

/// <summary>
/// What every device request passes first: the device key (the same check, disabled flag and failure throttle as
/// an MQTT CONNECT or a TCP auth line), then a body capped at <see cref="HttpDeviceOptions.MaxBodyBytes"/> before it
/// is buffered, read as one JSON object. Refusals are ProblemDetails a device developer can act on.
/// </summary>
internal sealed class HttpDeviceGate(
    DeviceAuthenticator authenticator,
    HttpDeviceSightings sightings,
    HttpDeviceMessages messages,
    IOptions<HttpDeviceOptions> options,
    ILogger<HttpDeviceGate> logger)
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 32, CommentHandling = JsonCommentHandling.Disallow };
    private readonly int _maxBody = options.Value.MaxBodyBytes;

    /// <summary>The device key: <c>Authorization: Bearer &lt;key&gt;</c>, or the <c>X-Device-Key</c> header.</summary>
    public static string? KeyOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        return request.Headers["X-Device-Key"].ToString() is { Length: > 0 } key ? key.Trim() : null;
    }

    /// <summary>The canonical device id, or the refusal to answer with.</summary>
    public async Task<(string? DeviceId, IResult? Refusal)> AuthenticateAsync(HttpContext http, string deviceId)
    {
        var address = Address(http);
        // Before anything else: whatever body a refused request carries is then drained (or the connection closed) within
        // the device cap, not Kestrel's 30 MB default. Kestrel enforces it on chunked bodies too.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = _maxBody;
        var result = await authenticator.AuthenticateAsync(deviceId, KeyOf(http.Request), address, http.RequestAborted);
        switch (result.Status)
        {
            case DeviceAuthStatus.Succeeded:
                sightings.Seen(result.DeviceId!, address);
                return (result.DeviceId, null);
            case DeviceAuthStatus.Disabled:
                return (null, Refuse(http, deviceId, StatusCodes.Status403Forbidden, "Device disabled",
                    "This device is disabled in the console; it may not send data or fetch commands until it is enabled again."));
            case DeviceAuthStatus.Throttled:
                var seconds = (int)Math.Max(1, Math.Ceiling((result.RetryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds));
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return (null, Refuse(http, deviceId, StatusCodes.Status429TooManyRequests, "Too many failed attempts",
                    $"Too many wrong keys were tried for this device or from this address; retry after {seconds} s with the right key."));
            default:
                // Unknown device and wrong key read the same, so nobody can probe which device ids exist.
                http.Response.Headers.WWWAuthenticate = "Bearer realm=\"device\"";
                return (null, Refuse(http, deviceId, StatusCodes.Status401Unauthorized, "Bad device credentials",
                    KeyOf(http.Request) is null
                        ? "Send the device key as 'Authorization: Bearer <key>' or 'X-Device-Key: <key>'."
                        : "The device id and key do not match a registered device."));
        }
    }

    /// <summary>Authenticates, reads the body as a JSON object and hands it to <paramref name="handle"/>; 200 with its answer.</summary>
    public async Task<IResult> PostAsync(HttpContext http, string deviceId, string what,
        Func<string, JsonElement, CancellationToken, Task<HttpDeviceOutcome>> handle)
    {
        var (canonical, refusal) = await AuthenticateAsync(http, deviceId);
        if (refusal is not null) return refusal;
        var id = canonical!;
        var reader = http.Request.BodyReader;
        var (body, problem) = await ReadAsync(http, id, reader);
        if (problem is not null) return problem;
        try
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body, JsonOptions);
            }
            catch (JsonException e)
            {
                return Invalid(http, id, what, "Invalid JSON",
                    $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}");
            }
            using (document)
            {
                // Before any value is read: invalid UTF-8 or a lone surrogate would make reading a string throw.
                if (JsonText.Problem(body) is { } unreadable) return Invalid(http, id, what, "Invalid JSON", unreadable);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object) return Invalid(http, id, what, "Invalid JSON", "The body must be a JSON object.");
                messages.Received(id, what, root);
                var outcome = await handle(id, root, http.RequestAborted);
                return outcome.Refusal is { } reason
                    ? Refuse(http, id, StatusCodes.Status400BadRequest, $"The {what} was refused", reason)
                    : Results.Ok(outcome.Answer);
            }
        }
        finally
        {
            reader.AdvanceTo(body.End);
        }
    }

    /// <summary>The whole body, still in the pipe's buffers (the caller advances past it), or 413 once it passes the cap.</summary>
    private async Task<(ReadOnlySequence<byte> Body, IResult? Problem)> ReadAsync(HttpContext http, string deviceId, PipeReader reader)
    {
        if (http.Request.ContentLength > _maxBody) return (default, TooLarge(http, deviceId));
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(http.RequestAborted);
                if (read.Buffer.Length > _maxBody)
                {
                    reader.AdvanceTo(read.Buffer.End);
                    return (default, TooLarge(http, deviceId));
                }
                if (read.IsCompleted) return (read.Buffer, null);
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, TooLarge(http, deviceId));
        }
    }

    private IResult TooLarge(HttpContext http, string deviceId)
    {
        // The rest of the body is not read: the connection closes after the answer instead of draining it.
        http.Response.Headers.Connection = "close";
        return Refuse(http, deviceId, StatusCodes.Status413PayloadTooLarge, "Body too large",
            $"A request body may hold at most {_maxBody} bytes; send fewer readings per request.");
    }

    private IResult Invalid(HttpContext http, string deviceId, string what, string title, string detail)
    {
        messages.Refused(deviceId, what, detail, record: true);
        return Refuse(http, deviceId, StatusCodes.Status400BadRequest, title, detail);
    }

    public IResult Refuse(HttpContext http, string deviceId, int status, string title, string detail)
    {
        HttpDeviceLog.Refused(logger, Address(http), deviceId, status, title);
        return Results.Problem(detail, http.Request.Path, status, title);
    }

    public static string? Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();
}
