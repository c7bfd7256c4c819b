namespace NovaConsole.Settings;

/// <summary>
/// The settings saved in SQLite as a configuration provider, added last so it overrides appsettings.json, the
/// environment and the command line. <see cref="Apply"/> replaces its values and signals a reload, so everything bound
/// through <c>IOptionsMonitor</c> sees the change at once.
/// </summary>
internal sealed class DatabaseSettingsProvider : ConfigurationProvider
{
    public void Apply(IReadOnlyDictionary<string, string> values)
    {
        Data = new Dictionary<string, string?>(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value)), StringComparer.OrdinalIgnoreCase);
        OnReload();
    }
}

internal sealed class DatabaseSettingsSource : IConfigurationSource
{
    public DatabaseSettingsProvider Provider { get; } = new();

    public IConfigurationProvider Build(IConfigurationBuilder builder) => Provider;
}
