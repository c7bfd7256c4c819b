using Microsoft.Extensions.Options;

namespace NovaConsole.Mqtt.Broker;

/// <summary>Refuses nonsensical limits at start-up, naming the configuration key.</summary>
internal sealed class MqttBrokerOptionsValidator : IValidateOptions<MqttBrokerOptions>
{
    public ValidateOptionsResult Validate(string? name, MqttBrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Check(errors, nameof(options.MaxPacketSize), options.MaxPacketSize, 64, MqttBrokerOptions.MaxPacketSizeCeiling);
        Check(errors, nameof(options.MaxConnections), options.MaxConnections, 1, 10_000_000);
        Check(errors, nameof(options.MaxPendingConnectionsPerAddress), options.MaxPendingConnectionsPerAddress, 1, 10_000_000);
        Check(errors, nameof(options.MaxSubscriptionsPerClient), options.MaxSubscriptionsPerClient, 1, 1_000_000);
        Check(errors, nameof(options.MaxQueuedMessagesPerSession), options.MaxQueuedMessagesPerSession, 1, 10_000_000);

        // Packet identifiers are 16-bit and non-zero (MQTT 3.1.1 §2.3.1), so at most 65,535 can be in flight.
        Check(errors, nameof(options.MaxInflightMessages), options.MaxInflightMessages, 1, 65_535);
        Check(errors, nameof(options.MaxPendingAcknowledgements), options.MaxPendingAcknowledgements, 1, 65_535);

        // A UTF-8 string carries a two-byte length (MQTT 3.1.1 §1.5.3).
        Check(errors, nameof(options.MaxTopicLength), options.MaxTopicLength, 1, 65_535);
        Check(errors, nameof(options.MaxTopicLevels), options.MaxTopicLevels, 1, 32_768);
        Check(errors, nameof(options.MaxTopicFilterLength), options.MaxTopicFilterLength, 1, 65_535);
        Check(errors, nameof(options.MaxRetainedMessagesPerClient), options.MaxRetainedMessagesPerClient, 0, 10_000_000);
        if (options.MaxRetainedBytes < 0)
        {
            errors.Add($"{MqttBrokerOptions.SectionName}:{nameof(options.MaxRetainedBytes)} is {options.MaxRetainedBytes}; it must be 0 or more.");
        }
        Check(errors, nameof(options.ConnectTimeoutSeconds), options.ConnectTimeoutSeconds, 1, 3_600);
        Check(errors, nameof(options.SysIntervalSeconds), options.SysIntervalSeconds, 0, 86_400);
        Check(errors, nameof(options.MaxPendingWriteBytes), options.MaxPendingWriteBytes, 4_096, int.MaxValue);
        Check(errors, nameof(options.PersistentSessionExpiryHours), options.PersistentSessionExpiryHours, 0, 24 * 365);
        Check(errors, nameof(options.ShutdownTimeoutSeconds), options.ShutdownTimeoutSeconds, 0, 600);
        Check(errors, nameof(options.BackpressureTimeoutSeconds), options.BackpressureTimeoutSeconds, 1, 3_600);
        if (options.OverflowPolicy?.ToLowerInvariant() is not ("drop-oldest" or "backpressure"))
        {
            errors.Add($"{MqttBrokerOptions.SectionName}:{nameof(options.OverflowPolicy)} is \"{options.OverflowPolicy}\"; it must be \"drop-oldest\" or \"backpressure\".");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{MqttBrokerOptions.SectionName}:{key} is {value}; it must be between {min} and {max}.");
        }
    }
}
