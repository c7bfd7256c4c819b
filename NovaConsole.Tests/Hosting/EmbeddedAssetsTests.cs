using NovaConsole.Hosting;

namespace NovaConsole.Tests.Hosting;

public sealed class EmbeddedAssetsTests
{
    [Fact]
    public void The_single_file_carries_the_radzen_files_the_console_loads()
    {
        var names = EmbeddedAssets.Names("NovaConsole.Radzen/");

        Assert.Equal(["Radzen.Blazor.js", "css/material-base.css", "css/material-dark-base.css", "fonts/MaterialSymbolsOutlined.woff2", "fonts/RobotoFlex.woff2"],
            names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_consoles_own_assets_are_embedded()
    {
        Assert.Superset(new HashSet<string> { "app.css", "app.js", "logo.svg" }, EmbeddedAssets.Names("NovaConsole.Assets/").ToHashSet());
    }
}
