using System.Globalization;

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
}
