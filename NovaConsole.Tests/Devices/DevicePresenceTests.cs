using NovaConsole.Devices.Presence;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices;

public sealed class DevicePresenceTests
{
    private readonly DevicePresence _presence = new(new ManualTimeProvider());

    [Fact]
    public void A_device_is_online_while_any_session_is_open()
    {
        var changes = new List<PresenceChange>();
        using var _ = _presence.Subscribe(changes.Add);

        _presence.SessionOpened("DEV-1", "mqtt-a", "mqtt", "127.0.0.1");
        _presence.SessionOpened("DEV-1", "tcp-b", "tcp", "127.0.0.1");
        _presence.SessionClosed("DEV-1", "mqtt-a", "client disconnected");

        Assert.True(_presence.IsOnline("dev-1"));
        _presence.SessionClosed("DEV-1", "tcp-b", "idle timeout");
        Assert.False(_presence.IsOnline("DEV-1"));
        Assert.Equal([(true, "connected"), (false, "idle timeout")], changes.Select(c => (c.Online, c.Reason)));
        Assert.Equal("idle timeout", _presence.Find("DEV-1")!.LastReason);
    }

    [Fact]
    public void The_late_close_of_a_replaced_session_does_not_mark_the_newer_one_offline()
    {
        _presence.SessionOpened("DEV-2", "old", "mqtt", null);
        _presence.SessionOpened("DEV-2", "new", "mqtt", null);   // takeover: the new one registers first

        _presence.SessionClosed("DEV-2", "old", "taken over");
        _presence.SessionClosed("DEV-2", "old", "taken over");   // duplicates change nothing either

        Assert.True(_presence.IsOnline("DEV-2"));
    }
}
