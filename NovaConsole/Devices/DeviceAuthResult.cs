namespace NovaConsole.Devices;

internal enum DeviceAuthStatus { Succeeded, UnknownDevice, WrongKey, Disabled, Throttled }

/// <summary>
/// The answer to a device's credentials. Transports must not tell UnknownDevice from WrongKey on the wire:
/// both say <see cref="PublicMessage"/> "bad credentials", so nobody can probe which device ids exist.
/// </summary>
internal readonly record struct DeviceAuthResult(DeviceAuthStatus Status, string? DeviceId = null, TimeSpan? RetryAfter = null)
{
    public bool Succeeded => Status == DeviceAuthStatus.Succeeded;

    public string PublicMessage => Status switch
    {
        DeviceAuthStatus.Succeeded => "Authenticated",
        DeviceAuthStatus.Disabled => "device disabled",
        DeviceAuthStatus.Throttled => "too many failed attempts, retry later",
        _ => "bad credentials",
    };

    public static DeviceAuthResult Success(string canonicalDeviceId) => new(DeviceAuthStatus.Succeeded, canonicalDeviceId);
}
