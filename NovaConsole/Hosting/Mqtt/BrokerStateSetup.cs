using NovaConsole.Mqtt.Broker;

namespace NovaConsole.Hosting.Mqtt;

/// <summary>
/// The console keeps the broker's state in its data folder: <c>Mqtt:StateFile</c> (default <c>broker-state.db</c>) is
/// taken relative to <c>Storage:DataPath</c>; "none" (or empty) keeps it in memory only.
/// </summary>
internal static class BrokerStateSetup
{
    public const string DefaultFile = "broker-state.db";

    public static void AddBrokerStateFile(this IServiceCollection services) =>
        services.AddOptions<MqttBrokerOptions>().PostConfigure<IConfiguration>((options, configuration) =>
        {
            var file = options.StateFile ?? DefaultFile;
            // Storage:DataPath as StorageOptions reads it (the broker's file lives beside the console's database).
            var dataPath = Path.GetFullPath(configuration["Storage:DataPath"] is { Length: > 0 } path ? path : "./data");
            options.StateFile = file.Length == 0 || string.Equals(file, "none", StringComparison.OrdinalIgnoreCase)
                ? null
                : Path.Combine(dataPath, file);
        });
}
