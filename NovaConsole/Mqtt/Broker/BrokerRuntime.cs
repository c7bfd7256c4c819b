using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using NovaConsole.Mqtt.Broker.Connections;
using NovaConsole.Mqtt.Broker.Diagnostics;
using NovaConsole.Mqtt.Broker.Persistence;
using NovaConsole.Mqtt.Broker.Routing;
using NovaConsole.Mqtt.Broker.Sessions;

namespace NovaConsole.Mqtt.Broker;

/// <summary>
/// The state every connection of one broker shares: limits, hooks, the subscription index, retained messages,
/// sessions and counters. <see cref="MqttBroker"/> is the face of it; connections see only this.
/// </summary>
internal sealed class BrokerRuntime
{
    public BrokerRuntime(IOptions<MqttBrokerOptions> options, IMqttBrokerHooks hooks, ILogger logger, TimeProvider time)
    {
        Options = options.Value;
        Hooks = hooks;
        Logger = logger;
        Time = time;
        TopicLimits = Options.TopicLimits;
        FilterLimits = Options.FilterLimits;
        Retained = new RetainedMessageStore(new RetainedLimits(Options.MaxRetainedMessagesPerClient, Options.MaxRetainedBytes));
        Retainer = new RetainPolicy(hooks, Retained, Options, Counters, logger, time);
        _limits = new SessionLimits(Options.MaxInflightMessages, Options.MaxQueuedMessagesPerSession)
        {
            Backpressure = Options.UsesBackpressure,
            // Each connected publisher overshoots a full queue by one message at most before it pauses.
            HardMaxQueued = Options.MaxQueuedMessagesPerSession + Options.MaxConnections,
        };
        Sessions = new MqttSessionStore(Index, CreateSession);
        Router = new MessageRouter(Index, Retained);
        if (!string.IsNullOrEmpty(Options.StateFile))
        {
            State = BrokerStateRestorer.Open(this, Options.StateFile);
        }

        StartedAt = time.GetUtcNow();
        Deadlines = new ConnectionDeadlines(time);
        PendingLimit = new PendingConnectionLimit(Options.MaxPendingConnectionsPerAddress);
    }

    private readonly SessionLimits _limits;

    public MqttBrokerOptions Options { get; }

    /// <summary>The state file's journal (<see cref="MqttBrokerOptions.StateFile"/>); null keeps everything in memory only.</summary>
    public BrokerStateJournal? State { get; }

    public MqttSession CreateSession(string clientId, string? owner, bool persistent) =>
        new(clientId, owner, persistent, _limits, Counters, Logger);

    public TopicLimits TopicLimits { get; }

    /// <summary>Limits on SUBSCRIBE filters: <see cref="TopicLimits"/> with the shorter <see cref="MqttBrokerOptions.MaxTopicFilterLength"/>.</summary>
    public TopicLimits FilterLimits { get; }

    public IMqttBrokerHooks Hooks { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    public DateTimeOffset StartedAt { get; }

    public MqttBrokerCounters Counters { get; } = new();

    public SubscriptionIndex<MqttSession> Index { get; } = new();

    public RetainedMessageStore Retained { get; }

    /// <summary>Decides clients' RETAIN=1 messages (hooks and limits).</summary>
    public RetainPolicy Retainer { get; }

    public MqttSessionStore Sessions { get; }

    public MessageRouter Router { get; }

    /// <summary>Connections per remote address whose CONNECT is not accepted yet.</summary>
    public PendingConnectionLimit PendingLimit { get; }

    /// <summary>Connect timeouts and keep-alives of every connection, on one timer.</summary>
    public ConnectionDeadlines Deadlines { get; }

    /// <summary>Every open connection, connected or still before CONNECT (for shutdown).</summary>
    public ConcurrentDictionary<MqttConnection, byte> Connections { get; } = new();

    public bool IsStopping => Volatile.Read(ref _stopping);

    private bool _stopping;

    public void BeginStopping() => Volatile.Write(ref _stopping, true);
}
