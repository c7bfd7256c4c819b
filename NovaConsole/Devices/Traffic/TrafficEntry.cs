namespace NovaConsole.Devices.Traffic;

/// <summary><c>Notice</c>: something the platform did with a device's message that the device should know (a replaced timestamp).</summary>
internal enum TrafficDirection { FromDevice, ToDevice, Refused, Notice }

/// <summary>One message a device sent or received, or one the platform refused, as the live messages panel shows it.</summary>
/// <param name="Channel">The MQTT topic, or the TCP message type.</param>
internal sealed record TrafficEntry(string DeviceId, DateTimeOffset At, TrafficDirection Direction, string Transport, string Channel, string Text);
