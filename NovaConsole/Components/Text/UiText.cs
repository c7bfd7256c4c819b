using System.Globalization;
using NovaConsole.Shared;

namespace NovaConsole.Components.Text;

/// <summary>
/// The catalog in the language of this request or circuit (see <see cref="TextCatalog"/> for the conventions).
/// Scoped: App.razor sets the language for the request, Routes.razor for the circuit.
/// </summary>
internal sealed class UiText(TextCatalog catalog)
{
    public string Language { get; set; } = TextCatalog.English;

    public bool IsChinese => Language == TextCatalog.Chinese;

    public string this[string key] => catalog.Get(Language, key);

    public string this[string key, params object?[] args] => string.Format(CultureInfo.InvariantCulture, catalog.Get(Language, key), args);

    /// <summary>
    /// A service's refusal in this language: its problem's catalog text (problems.json), else its English text.
    /// An argument that is itself a problem (a range inside a sentence) is given in this language too.
    /// </summary>
    public string Problem(Problem? problem, string? fallback = null) =>
        problem is null ? fallback ?? ""
        : this["problems." + problem.Code, [.. problem.Args.Select(a => a is Problem inner ? Problem(inner) : a)]];

    /// <summary>Why <paramref name="outcome"/> was refused, in this language.</summary>
    public string Error(Outcome outcome) => Problem(outcome.Problem, outcome.Error);

    /// <summary>Why <paramref name="outcome"/> was refused, in this language.</summary>
    public string Error<TValue>(Outcome<TValue> outcome) => Problem(outcome.Problem, outcome.Error);
}
