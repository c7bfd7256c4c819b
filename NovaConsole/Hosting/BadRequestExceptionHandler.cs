using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace NovaConsole.Hosting;

/// <summary>
/// Turns request-binding failures (broken JSON, wrong types, oversized bodies) into ProblemDetails with the
/// reason, instead of an empty 400 or a 500, and anything unexpected into a 500 ProblemDetails without internals.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "Invalid request", Describe(bad)),
            _ => (StatusCodes.Status500InternalServerError, "Server error", "The server could not complete this request; the error is in its log."),
        };
        if (status >= 500) LogUnhandled(logger, exception, context.Request.Path);
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    private static string Describe(BadHttpRequestException bad) =>
        bad.InnerException is System.Text.Json.JsonException json
            ? $"The request body is not valid JSON for this endpoint: {json.Message}"
            : bad.Message;

    [LoggerMessage(EventId = 110, Level = LogLevel.Error, Message = "Unhandled error while serving {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string path);
}
