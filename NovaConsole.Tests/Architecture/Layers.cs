using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace NovaConsole.Tests.Architecture;

/// <summary>
/// The house's layers as namespaces of the compiled assembly (style.md, "Directions of dependence"). Rules read the IL
/// through NetArchTest, so implicit usings, parent-namespace visibility and fully qualified names cannot slip past them.
/// </summary>
internal static class Layers
{
    public static readonly Assembly App = typeof(NovaConsole.Mqtt.Protocol.MqttFrame).Assembly;

    public const string Protocol = "NovaConsole.Mqtt.Protocol";
    public const string Mqtt = "NovaConsole.Mqtt";
    public const string Broker = "NovaConsole.Mqtt.Broker";
    public const string DeviceTcp = "NovaConsole.Devices.Tcp";
    public const string Adapters = "NovaConsole.Devices.Adapters";
    public const string Components = "NovaConsole.Components";

    /// <summary>The base class library, and the attributes the compiler emits into every assembly.</summary>
    public static readonly string[] BaseLibrary = ["System", "Microsoft.CodeAnalysis", "<Module>"];

    /// <summary>The transports: the code that speaks to devices on a socket.</summary>
    public static readonly string[] Transports = [Broker, DeviceTcp];

    /// <summary>
    /// The domain and its storage. <c>NovaConsole.Devices</c> is named type by type, because its child namespaces
    /// hold the TCP transport and the adapters, which a namespace prefix would sweep in too.
    /// </summary>
    public static string[] Domain { get; } =
    [
        .. TypesDirectlyIn("NovaConsole.Devices"),
        "NovaConsole.Devices.Presence", "NovaConsole.Devices.Traffic",
        "NovaConsole.Telemetry", "NovaConsole.Commands", "NovaConsole.Accounts", "NovaConsole.Data",
        "NovaConsole.Live", "NovaConsole.Scheduling", "Microsoft.EntityFrameworkCore",
    ];

    /// <summary>A pattern for a namespace and its children (NetArchTest's public API matches namespaces by pattern).</summary>
    public static string Within(string ns) => $"^{Regex.Escape(ns)}(\\.|$)";

    public static Types Types() => NetArchTest.Rules.Types.InAssembly(App);

    /// <summary>
    /// The rule held, and it was about something: a namespace pattern that selects nothing would pass every rule.
    /// A red test lists each failing type with NetArchTest's explanation, so it says what to mend.
    /// </summary>
    /// <param name="rule">Said for a failing type when NetArchTest gives no explanation (namespace conditions give none).</param>
    public static void AssertHolds(TestResult result, string rule = "breaks the rule")
    {
        Assert.NotEmpty(result.SelectedTypesForTesting);
        var failures = (result.FailingTypes ?? []).Where(t => !IsVolatileSelfReference(t)).Select(t => $"{t.FullName}: {(string.IsNullOrEmpty(t.Explanation) ? rule : t.Explanation)}").ToList();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// NetArchTest 1.4.5 reads a <c>volatile</c> field of a generic nested type as a dependency on
    /// "<c>Outer`1/Node&lt;T&gt; modreq(IsVolatile)</c>", a name no namespace rule can match. That is the type
    /// pointing at itself (the subscription tree's nodes), not a dependency, so it is the one failure let through.
    /// </summary>
    private static bool IsVolatileSelfReference(IType type) =>
        type.Explanation is { } why && why.StartsWith($"Has dependency on: {type.FullName}<", StringComparison.Ordinal)
        && why.EndsWith(" modreq(System.Runtime.CompilerServices.IsVolatile)", StringComparison.Ordinal) && !why.Contains(',');

    private static IEnumerable<string> TypesDirectlyIn(string ns) =>
        App.GetTypes().Where(t => t.Namespace == ns && !t.IsNested).Select(t => t.FullName!);
}
