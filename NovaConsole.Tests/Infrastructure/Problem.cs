using System.Net.Http.Json;
using System.Text.Json;

namespace NovaConsole.Tests.Infrastructure;

/// <summary>Reads a ProblemDetails answer the way an API client would.</summary>
public sealed record Problem(int? Status, string? Title, string? Detail)
{
    public static async Task<Problem> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<Problem>(new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;
    }
}
