using MudBlazor;

namespace NovaConsole.Components.Layout;

/// <summary>The console's MudBlazor theme: the brand indigo, both palettes, system fonts (nothing downloaded).</summary>
internal static class ConsoleTheme
{
    // System fonts first, with common CJK faces for Chinese. MudBlazor's own default is "Roboto", which a page would
    // download wherever a stylesheet declares it (Radzen's did, 750 KB); this stack never needs a download.
    private static readonly string[] Fonts =
        ["system-ui", "-apple-system", "Segoe UI", "Noto Sans", "Helvetica Neue", "Arial", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "sans-serif"];

    public static MudTheme Theme { get; } = Create();

    private static MudTheme Create()
    {
        var typography = new Typography();
        foreach (var style in new BaseTypography[]
        {
            typography.Default, typography.H1, typography.H2, typography.H3, typography.H4, typography.H5, typography.H6,
            typography.Subtitle1, typography.Subtitle2, typography.Body1, typography.Body2, typography.Button, typography.Caption, typography.Overline,
        })
        {
            style.FontFamily = Fonts;
        }
        return new MudTheme
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
            Typography = typography,
        };
    }
}
