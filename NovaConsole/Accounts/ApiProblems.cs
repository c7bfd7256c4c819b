using Microsoft.AspNetCore.Mvc;
using NovaConsole.Shared;

namespace NovaConsole.Accounts;

/// <summary>ProblemDetails answers for the REST API.</summary>
internal static class ApiProblems
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(
            new ProblemDetails { Status = status, Title = title, Detail = detail, Instance = context.Request.Path },
            options: null, contentType: "application/problem+json");
    }

    public static IResult From(Outcome outcome) => outcome.Kind switch
    {
        OutcomeKind.NotFound => Results.Problem(outcome.Error, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        OutcomeKind.Conflict => Results.Problem(outcome.Error, statusCode: StatusCodes.Status409Conflict, title: "Conflict"),
        _ => Results.Problem(outcome.Error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request"),
    };

    public static IResult From<T>(Outcome<T> outcome) => From(new Outcome(outcome.Error, outcome.Kind));

    public static IResult BadRequest(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
}
