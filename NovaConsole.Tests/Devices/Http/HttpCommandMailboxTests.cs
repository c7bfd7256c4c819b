using Microsoft.Extensions.Options;
using NovaConsole.Commands;
using NovaConsole.Devices.Http;
using NovaConsole.Devices.Presence;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices.Http;

/// <summary>The long-poll mailbox on a manual clock: who gets a command, when a polling device counts as online, and its bounds.</summary>
public sealed class HttpCommandMailboxTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly DevicePresence _presence;
    private readonly HttpCommandMailbox _mailbox;

    public HttpCommandMailboxTests()
    {
        _presence = new DevicePresence(_time);
        _mailbox = new HttpCommandMailbox(_presence, Options.Create(new HttpDeviceOptions { OnlineGraceSeconds = 10, CommandQueueSeconds = 300, MaxQueuedCommands = 2 }), _time);
    }

    private static DeviceCommand Command(long id) => new(id, "DEV-1", CommandKind.Command, "reboot", null, "0000001", DateTimeOffset.UnixEpoch);

    private Task<DeviceCommand?> PollNowAsync() => _mailbox.PollAsync("DEV-1", "10.0.0.1", TimeSpan.Zero, _ => Task.FromResult(true), CancellationToken.None);

    [Fact]
    public async Task A_polling_device_is_online_during_the_grace_after_its_poll_and_offline_after_it()
    {
        Assert.False(_mailbox.IsReachable("DEV-1"));

        Assert.Null(await PollNowAsync());
        _time.Advance(TimeSpan.FromSeconds(9));
        var during = _presence.IsOnline("DEV-1");
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(during);
        Assert.False(_presence.IsOnline("DEV-1"));
        Assert.Equal("http", _presence.Find("DEV-1")!.Transport);
        Assert.True(_mailbox.IsReachable("DEV-1"));          // commands still wait for its next poll
        _time.Advance(TimeSpan.FromSeconds(300));
        Assert.False(_mailbox.IsReachable("DEV-1"));         // long gone: offline for commands too
    }

    [Fact]
    public async Task A_command_offered_between_polls_is_held_for_the_next_poll_and_the_hold_is_bounded()
    {
        Assert.Null(await PollNowAsync());

        Assert.Equal(HttpCommandOffer.Held, _mailbox.Offer(Command(1), _ => true));
        Assert.Equal(HttpCommandOffer.Held, _mailbox.Offer(Command(2), _ => true));
        Assert.Equal(HttpCommandOffer.QueueFull, _mailbox.Offer(Command(3), _ => true));
        // Held commands that ended meanwhile (timed out) make room.
        Assert.Equal(HttpCommandOffer.Held, _mailbox.Offer(Command(4), id => id != 1));

        Assert.Equal(2, (await PollNowAsync())!.Id);
        Assert.Equal(4, (await PollNowAsync())!.Id);
        Assert.Null(await PollNowAsync());
    }

    [Fact]
    public async Task A_held_command_that_ended_meanwhile_is_skipped_not_handed_out()
    {
        Assert.Null(await PollNowAsync());
        _mailbox.Offer(Command(1), _ => true);
        _mailbox.Offer(Command(2), _ => true);

        var next = await _mailbox.PollAsync("DEV-1", null, TimeSpan.Zero, c => Task.FromResult(c.Id != 1), CancellationToken.None);

        Assert.Equal(2, next!.Id);
    }

    [Fact]
    public async Task A_command_offered_while_a_poll_waits_goes_to_that_poll_and_a_disconnect_ends_the_poll()
    {
        using var cancel = new CancellationTokenSource();
        var waiting = _mailbox.PollAsync("DEV-1", null, TimeSpan.FromSeconds(30), _ => Task.FromResult(true), cancel.Token);
        Assert.True(_presence.IsOnline("DEV-1"));

        Assert.Equal(HttpCommandOffer.HandedToPoll, _mailbox.Offer(Command(7), _ => true));
        Assert.Equal(7, (await waiting)!.Id);

        var second = _mailbox.PollAsync("DEV-1", null, TimeSpan.FromSeconds(30), _ => Task.FromResult(true), cancel.Token);
        _mailbox.Disconnect("DEV-1", "key reset");
        Assert.Null(await second);
        Assert.False(_presence.IsOnline("DEV-1"));
        Assert.Equal("key reset", _presence.Find("DEV-1")!.LastReason);
        Assert.False(_mailbox.IsReachable("DEV-1"));
    }
}
