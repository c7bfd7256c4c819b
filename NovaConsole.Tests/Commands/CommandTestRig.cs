using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NovaConsole.Commands;
using NovaConsole.Data;
using NovaConsole.Devices;
using NovaConsole.Devices.Adapters;
using NovaConsole.Devices.Presence;
using NovaConsole.Devices.Tcp;
using NovaConsole.Tests.Devices.Tcp;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Commands;

/// <summary>
/// The command service built by hand over the real app's database: a manual clock for timeouts, the real TCP
/// transport over in-memory device connections, and a scriptable transport standing in for MQTT.
/// </summary>
internal sealed class CommandTestRig : IAsyncDisposable
{
    public const int TimeoutSeconds = 30;

    private CommandTestRig(AppHost host, ManualTimeProvider time, FakeTransport fake)
    {
        Host = host;
        Time = time;
        Fake = fake;
        Notifications = new CommandNotifications(NullLogger<CommandNotifications>.Instance);
        Store = new CommandStore(host.Services.GetRequiredService<IDbContextFactory<NovaDbContext>>(), Notifications, time);
        Pending = new PendingCommands(time);
        Responses = new CommandResponses(Pending, Store, time, NullLogger<CommandResponses>.Instance);
        Tcp = new TcpCommandTransport(Sessions, Responses);
        Service = new CommandService(host.Services.GetRequiredService<DeviceRegistry>(), Store, Pending, new CommandLanes(), [Tcp, fake],
            new FixedOptionsMonitor<CommandsOptions>(new CommandsOptions { TimeoutSeconds = TimeoutSeconds }), time, NullLogger<CommandService>.Instance);
    }

    public AppHost Host { get; }
    public ManualTimeProvider Time { get; }
    public FakeTransport Fake { get; }
    public CommandNotifications Notifications { get; }
    public CommandStore Store { get; }
    public PendingCommands Pending { get; }
    public CommandResponses Responses { get; }
    public DeviceTcpSessions Sessions { get; } = new();
    public TcpCommandTransport Tcp { get; }
    public CommandService Service { get; }
    public DeviceRegistry Registry => Host.Services.GetRequiredService<DeviceRegistry>();

    public static async Task<CommandTestRig> StartAsync() => new(await AppHost.StartAsync(), new ManualTimeProvider(), new FakeTransport());

    /// <summary>A device with a relay (on/off), a brightness (0-100) and a mode (eco|boost); its key is returned.</summary>
    public async Task<string> CreateDeviceAsync(string deviceId)
    {
        var created = await Registry.CreateAsync(deviceId, new DeviceDraft(deviceId, Actuators:
        [
            new ActuatorDraft("relay1", "Relay 1", "boolean"),
            new ActuatorDraft("led_brightness", "LED brightness", "number", 0, 100),
            new ActuatorDraft("mode", "Mode", "enum", Options: ["eco", "boost"]),
        ]));
        Assert.True(created.Succeeded, created.Error);
        return created.Value!.Key;
    }

    /// <summary>A device authenticated on an in-memory TCP connection registered in <see cref="Sessions"/>.</summary>
    public async Task<TcpDeviceClient> ConnectTcpAsync(string deviceId, string key)
    {
        // The connection keeps its own clock, so moving the command clock never idles it out.
        var device = new TcpDeviceClient(new DeviceTcpOptions(), new CommandTcpHooks(new() { [deviceId] = key }, Tcp), Sessions, new ManualTimeProvider());
        await device.SendLineAsync(new { type = "auth", device_id = deviceId, device_key = key });
        Assert.Equal("success", (await device.ExpectAsync("auth_result")).GetProperty("result").GetString());
        return device;
    }

    /// <summary>Waits (bounded) until entry <paramref name="id"/> shows <paramref name="status"/>, and returns it.</summary>
    public async Task<CommandEntry> WaitForStatusAsync(long id, string status)
    {
        var reached = new TaskCompletionSource<CommandEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = Notifications.SubscribeAll(e =>
        {
            if (e.Id == id && e.Status == status) reached.TrySetResult(e);
        });
        if (await Store.GetAsync(id) is { } now && now.Status == status) return now;
        try
        {
            return await reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            var last = await Store.GetAsync(id);
            throw new Xunit.Sdk.XunitException($"Command {id} did not become '{status}'; it is '{last?.Status}' ({last?.ResultMessage}).");
        }
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>TCP hooks that accept fixed keys and hand command responses to the TCP command transport, as the real adapter does.</summary>
internal sealed class CommandTcpHooks(Dictionary<string, string> keys, TcpCommandTransport transport, DevicePresence? presence = null) : IDeviceTcpHooks
{
    private readonly RecordingTcpHooks _inner = new(keys);

    public ValueTask<DeviceTcpAuthOutcome> AuthenticateAsync(string? deviceId, string? deviceKey, EndPoint? remote, CancellationToken ct) =>
        _inner.AuthenticateAsync(deviceId, deviceKey, remote, ct);

    public ValueTask OnConnectedAsync(DeviceTcpSession session, CancellationToken ct)
    {
        presence?.SessionOpened(session.DeviceId, session.ConnectionId, TcpCommandTransport.TransportName, null);
        return ValueTask.CompletedTask;
    }

    public ValueTask<DeviceTcpDataOutcome> OnDataAsync(DeviceTcpSession session, DataMessage message, CancellationToken ct) => ValueTask.FromResult(DeviceTcpDataOutcome.Queued(Task.CompletedTask));

    public ValueTask OnStatusAsync(DeviceTcpSession session, StatusMessage message, CancellationToken ct) => ValueTask.CompletedTask;

    public ValueTask OnCommandResponseAsync(DeviceTcpSession session, CommandResponseMessage message, CancellationToken ct) =>
        transport.OnCommandResponseAsync(session, message, ct);

    public bool IsTrafficWatched(DeviceTcpSession session) => false;

    public void OnTraffic(DeviceTcpSession session, DeviceTcpTraffic traffic)
    {
    }

    public ValueTask OnDisconnectedAsync(DeviceTcpSession session, DeviceTcpCloseReason reason, CancellationToken ct)
    {
        presence?.SessionClosed(session.DeviceId, session.ConnectionId, reason.ToString());
        return ValueTask.CompletedTask;
    }
}

/// <summary>A transport that reaches the devices it is told to, records what it was given, and answers as scripted.</summary>
internal sealed class FakeTransport : IDeviceCommandTransport
{
    public ConcurrentDictionary<string, bool> Reachable { get; } = new(StringComparer.OrdinalIgnoreCase);
    public ConcurrentQueue<DeviceCommand> Sent { get; } = new();
    public Func<DeviceCommand, CommandDispatch> Answer { get; set; } = c => CommandDispatch.Delivered(c.MessageId);

    public string Name => "fake-mqtt";

    public bool CanReach(string deviceId) => Reachable.ContainsKey(deviceId);

    public Task<CommandDispatch> SendAsync(DeviceCommand command, CancellationToken cancellationToken)
    {
        Sent.Enqueue(command);
        return Task.FromResult(Answer(command));
    }
}

/// <summary>Options that never change, for services built by hand that take an <see cref="IOptionsMonitor{T}"/>.</summary>
internal sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
