namespace NovaConsole.Devices;

/// <summary>Whether a device has a live session right now. The transports provide the real one in a later slice.</summary>
internal interface IDevicePresence
{
    bool IsOnline(string deviceId);
}

/// <summary>Until a transport registers its presence tracking, every device reads as offline.</summary>
internal sealed class NoDevicePresence : IDevicePresence
{
    public bool IsOnline(string deviceId) => false;
}
