using NetArchTest.Rules;

namespace NovaConsole.Tests.Architecture;

/// <summary>style.md's directions of dependence, checked on the types of the compiled assembly.</summary>
public sealed class DependencyDirectionTests
{
    [Fact]
    public void The_mqtt_codec_knows_nothing_but_itself_and_the_base_library()
    {
        var result = Layers.Types().That().ResideInNamespaceMatching(Layers.Within(Layers.Protocol))
            .Should().OnlyHaveDependencyOn([.. Layers.BaseLibrary, Layers.Protocol])
            .GetResult();

        Layers.AssertHolds(result);
    }

    [Fact]
    public void The_broker_knows_only_mqtt_the_base_library_logging_options_and_kestrels_connections()
    {
        var result = Layers.Types().That().ResideInNamespaceMatching(Layers.Within(Layers.Broker))
            .Should().OnlyHaveDependencyOn(
            [
                .. Layers.BaseLibrary, Layers.Mqtt,
                "Microsoft.Extensions.Logging", "Microsoft.Extensions.Options",
                // The broker registers itself (AddMqttBroker binds its options section) and runs its own loops as hosted
                // services: the DI, configuration and hosting abstractions, the same family as logging and options, and
                // nothing of ASP.NET Core's web stack.
                "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Configuration",
                // Kestrel's connection abstractions: ConnectionContext and ConnectionHandler, with the feature collection
                // ConnectionContext carries (named by type: the rest of the Http.Features namespace is the HTTP stack).
                "Microsoft.AspNetCore.Connections", "Microsoft.AspNetCore.Http.Features.IFeatureCollection",
                // Shared.Logging (LogValue, LogRateLimit) is base-library-only code that keeps values from the wire short
                // and escaped in log lines, the same way in every layer; it names nothing of the product, so the broker
                // may use it. Its own rule below keeps it that way (base library and logging abstractions only).
                "NovaConsole.Shared.Logging",
                // The broker's own state file (Mqtt/Broker/Persistence): SQLite through ADO.NET, never EF Core or the
                // console's database; the rule below keeps it inside that folder.
                "Microsoft.Data.Sqlite",
            ])
            .GetResult();

        Layers.AssertHolds(result);
    }

    [Fact]
    public void Only_the_brokers_persistence_folder_touches_sqlite()
    {
        var result = Layers.Types().That().ResideInNamespaceMatching(Layers.Within(Layers.Broker))
            .And().DoNotResideInNamespace("NovaConsole.Mqtt.Broker.Persistence")
            .ShouldNot().HaveDependencyOnAny("Microsoft.Data.Sqlite")
            .GetResult();

        Layers.AssertHolds(result);
    }

    [Fact]
    public void Shared_logging_stays_base_library_only_so_the_broker_may_use_it()
    {
        var result = Layers.Types().That().ResideInNamespaceMatching(Layers.Within("NovaConsole.Shared.Logging"))
            .Should().OnlyHaveDependencyOn([.. Layers.BaseLibrary, "Microsoft.Extensions.Logging", "NovaConsole.Shared.Logging"])
            .GetResult();

        Layers.AssertHolds(result);
    }

    [Fact]
    public void The_tcp_framing_layer_does_not_know_the_domain()
    {
        var result = Layers.Types().That().ResideInNamespaceMatching(Layers.Within(Layers.DeviceTcp))
            .ShouldNot().HaveDependencyOnAny([.. Layers.Domain, Layers.Adapters, Layers.Components])
            .GetResult();

        Layers.AssertHolds(result);
    }

    [Fact]
    public void Only_the_adapters_see_both_a_transport_and_the_domain()
    {
        var result = Layers.Types().That().HaveDependencyOnAny(Layers.Transports).And().HaveDependencyOnAny(Layers.Domain)
            .Should().ResideInNamespaceMatching(Layers.Within(Layers.Adapters))
            .GetResult();

        Layers.AssertHolds(result, $"sees a transport and the domain outside {Layers.Adapters}");
    }

    [Fact]
    public void Components_never_use_a_database_context()
    {
        var result = Layers.Types().That().ResideInNamespaceMatching(Layers.Within(Layers.Components))
            .ShouldNot().HaveDependencyOnAny("NovaConsole.Data.NovaDbContext", "Microsoft.EntityFrameworkCore")
            .GetResult();

        Layers.AssertHolds(result);
    }

    [Fact]
    public void The_command_domain_never_names_a_transport()
    {
        var result = Layers.Types().That().ResideInNamespaceMatching(Layers.Within("NovaConsole.Commands"))
            .ShouldNot().HaveDependencyOnAny([Layers.Mqtt, Layers.DeviceTcp, Layers.Adapters, "Microsoft.AspNetCore.Connections"])
            .GetResult();

        Layers.AssertHolds(result);
    }

    [Theory]
    [InlineData("NovaConsole.Mqtt.Broker.Routing")]
    [InlineData("NovaConsole.Mqtt.Broker.Access")]
    public void Routing_and_access_use_only_the_base_library_the_codec_and_each_other(string ns)
    {
        // The codec is allowed since routing shares its MqttQualityOfService; sockets, pipes and hosting are not.
        var result = Layers.Types().That().ResideInNamespaceMatching(Layers.Within(ns))
            .Should().OnlyHaveDependencyOn(
                [.. Layers.BaseLibrary, Layers.Protocol, "NovaConsole.Mqtt.Broker.Routing", "NovaConsole.Mqtt.Broker.Access", "Microsoft.Extensions"])
            .GetResult();
        var noIo = Layers.Types().That().ResideInNamespaceMatching(Layers.Within(ns))
            .ShouldNot().HaveDependencyOnAny("System.Net", "System.IO.Pipelines")
            .GetResult();

        Layers.AssertHolds(result);
        Layers.AssertHolds(noIo);
    }
}
