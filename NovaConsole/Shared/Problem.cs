using System.Globalization;

namespace NovaConsole.Shared;

/// <summary>
/// A refusal a person reads. <see cref="English"/> is what the API and the logs say; the console shows the catalog's
/// text for <c>problems.{Code}</c> in the user's language with the same <see cref="Args"/> (UiText.Problem).
/// The English format must equal the catalog's English text for the code (ProblemCatalogTests checks every
/// <c>Problem.Of</c> in the source). An argument may itself be a problem (its English inside this one's).
/// </summary>
internal sealed record Problem(string Code, string English, object?[] Args)
{
    public static Problem Of(string code, string englishFormat, params object?[] args) =>
        new(code, string.Format(CultureInfo.InvariantCulture, englishFormat, args), args);

    public override string ToString() => English;
}
