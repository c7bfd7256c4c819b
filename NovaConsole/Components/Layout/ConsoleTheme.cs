using MudBlazor;

namespace NovaConsole.Components.Layout;

/// <summary>The console's MudBlazor theme: the brand indigo, both palettes, system fonts (nothing downloaded).</summary>
internal static class ConsoleTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#4f46e5",
            Secondary = "#0891b2",
            AppbarBackground = "#ffffff",
            AppbarText = "#1f2937",
            Background = "#f6f7fb",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#818cf8",
            Secondary = "#22d3ee",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "sans-serif"],
            },
        },
    };
}
