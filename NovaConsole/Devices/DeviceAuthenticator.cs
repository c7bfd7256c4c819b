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
/// Throttling never refuses the right key: keys carry 192 bits, so it is about shedding stale or misconfigured copies
/// of devices and guessing scripts, and a right key refused would let one broken device (or anyone who knows a device
/// id) keep real devices out. Many devices share one address behind NAT, so failures are counted per
/// (address, device id) and per device id, each answering only further wrong keys with Throttled during its back-off;
/// an address is throttled only for device ids that do not exist, so a site is never taken offline by one of its
/// devices failing.
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
        var credential = DeviceRules.IsValidDeviceId(deviceId) ? await credentials.FindAsync(deviceId!, ct) : null;
        if (credential is null)
        {
            var addressKey = string.IsNullOrEmpty(remoteAddress) ? null : "unknown-ids-from:" + remoteAddress;
            if (addressKey is not null && throttle.IsBlocked(addressKey, out var addressWait))
            {
                return new DeviceAuthResult(DeviceAuthStatus.Throttled, RetryAfter: addressWait);
            }
            DevicesLog.AuthUnknownDevice(logger, Printable(deviceId), remoteAddress);
            Fail(addressKey);
            return new DeviceAuthResult(DeviceAuthStatus.UnknownDevice);
        }

        var deviceKey = "device:" + credential.DeviceId;
        var pairKey = string.IsNullOrEmpty(remoteAddress) ? null : $"device-from:{credential.DeviceId}|{remoteAddress}";
        if (!KeyMatches(key, credential.KeyHash))
        {
            if (throttle.IsBlocked(deviceKey, out var wait) || (pairKey is not null && throttle.IsBlocked(pairKey, out wait)))
            {
                return new DeviceAuthResult(DeviceAuthStatus.Throttled, credential.DeviceId, wait);
            }
            DevicesLog.AuthWrongKey(logger, credential.DeviceId, remoteAddress);
            Fail(pairKey);
            Fail(deviceKey);
            return new DeviceAuthResult(DeviceAuthStatus.WrongKey, credential.DeviceId);
        }

        if (!credential.IsEnabled)
        {
            DevicesLog.AuthDisabled(logger, credential.DeviceId, remoteAddress);
            return new DeviceAuthResult(DeviceAuthStatus.Disabled, credential.DeviceId);
        }
        if (pairKey is not null) throttle.RecordSuccess(pairKey);
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

    private void Fail(string? throttleKey)
    {
        if (throttleKey is not null && throttle.RecordFailure(throttleKey) is { } backoff)
        {
            DevicesLog.AuthThrottleStarted(logger, throttleKey, backoff.TotalSeconds);
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
