using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using NovaConsole.Security;

namespace NovaConsole.Devices;

/// <summary>
/// Checks a device's id and key for the transports (MQTT CONNECT username/password, the TCP auth line).
/// Cheap enough for a connect storm: credentials come from <see cref="DeviceCredentialCache"/>, the key costs one
/// HMAC-SHA256, and the comparison takes constant time.
/// </summary>
/// <remarks>
/// Throttling: a remote address with repeated failures is refused outright during its back-off (before any lookup).
/// A device id with repeated failures answers wrong keys with Throttled during its back-off but still lets the right
/// key in: keys carry 192 bits, so this is about shedding a stale or misconfigured copy of a device, and refusing
/// the right key would let anyone who knows a device id keep the real device out.
/// </remarks>
internal sealed class DeviceAuthenticator(
    DeviceCredentialCache credentials,
    DeviceAuthThrottle throttle,
    SecretHasher hasher,
    ILogger<DeviceAuthenticator> logger)
{
    /// <summary>Generated keys are 32 characters; anything far longer is not a key and is not worth hashing.</summary>
    private const int MaxKeyLength = 256;

    public async ValueTask<DeviceAuthResult> AuthenticateAsync(string? deviceId, string? key, string? remoteAddress, CancellationToken ct)
    {
        var addressKey = string.IsNullOrEmpty(remoteAddress) ? null : "address:" + remoteAddress;
        if (addressKey is not null && throttle.IsBlocked(addressKey, out var addressWait))
        {
            return new DeviceAuthResult(DeviceAuthStatus.Throttled, RetryAfter: addressWait);
        }

        var credential = DeviceRules.IsValidDeviceId(deviceId) ? await credentials.FindAsync(deviceId!, ct) : null;
        if (credential is null)
        {
            DevicesLog.AuthUnknownDevice(logger, Printable(deviceId), remoteAddress);
            Fail(addressKey, null);
            return new DeviceAuthResult(DeviceAuthStatus.UnknownDevice);
        }

        var deviceKey = "device:" + credential.DeviceId;
        if (!KeyMatches(key, credential.KeyHash))
        {
            if (throttle.IsBlocked(deviceKey, out var deviceWait))
            {
                Fail(addressKey, null);
                return new DeviceAuthResult(DeviceAuthStatus.Throttled, credential.DeviceId, deviceWait);
            }
            DevicesLog.AuthWrongKey(logger, credential.DeviceId, remoteAddress);
            Fail(addressKey, deviceKey);
            return new DeviceAuthResult(DeviceAuthStatus.WrongKey, credential.DeviceId);
        }

        if (!credential.IsEnabled)
        {
            DevicesLog.AuthDisabled(logger, credential.DeviceId, remoteAddress);
            return new DeviceAuthResult(DeviceAuthStatus.Disabled, credential.DeviceId);
        }
        if (addressKey is not null) throttle.RecordSuccess(addressKey);
        throttle.RecordSuccess(deviceKey);
        return DeviceAuthResult.Success(credential.DeviceId);
    }

    private bool KeyMatches(string? key, byte[] storedHash)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength) return false;
        Span<byte> computed = stackalloc byte[32];
        if (Convert.FromHexString(hasher.Hash(key), computed, out _, out var written) != OperationStatus.Done || written != 32) return false;
        return CryptographicOperations.FixedTimeEquals(computed, storedHash);
    }

    private void Fail(string? addressKey, string? deviceKey)
    {
        if (addressKey is not null && throttle.RecordFailure(addressKey) is { } addressBackoff)
        {
            DevicesLog.AuthThrottleStarted(logger, addressKey, addressBackoff.TotalSeconds);
        }
        if (deviceKey is not null && throttle.RecordFailure(deviceKey) is { } deviceBackoff)
        {
            DevicesLog.AuthThrottleStarted(logger, deviceKey, deviceBackoff.TotalSeconds);
        }
    }

    /// <summary>A device id from the wire, safe to put in a log line: bounded and without control characters.</summary>
    private static string Printable(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "(none)";
        var shortened = value.Length > 64 ? value[..64] + "…" : value;
        if (!shortened.Any(char.IsControl)) return shortened;
        var builder = new StringBuilder(shortened.Length);
        foreach (var c in shortened) builder.Append(char.IsControl(c) ? '?' : c);
        return builder.ToString();
    }
}
