using System.Text.Json.Serialization;

namespace NovaConsole.Bench.Results;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ScenarioResult))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
