using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Protocol;

namespace NovaConsole.Tests.Mqtt.Broker.EndToEnd.MqttNet;

/// <summary>One message as an MQTTnet client saw it (copied out of MQTTnet's buffers, which it reuses after the handler).</summary>
internal sealed record ReceivedMessage(string Topic, string Payload, MqttQualityOfServiceLevel QoS, bool Retain);

/// <summary>
/// Everything one MQTTnet client receives, in order, and a bounded wait for the next one that matches:
/// tests wait on the delivery event itself, never on a fixed sleep.
/// </summary>
internal sealed class MqttNetInbox
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private readonly ConcurrentQueue<ReceivedMessage> _received = new();
    private readonly Lock _lock = new();
    private readonly List<(Func<ReceivedMessage, bool> Match, TaskCompletionSource<ReceivedMessage> Done)> _waiters = [];

    /// <summary>Attach before ConnectAsync: a persistent session's queued messages arrive right after CONNACK.</summary>
    public MqttNetInbox(IMqttClient client) => client.ApplicationMessageReceivedAsync += OnReceived;

    public IReadOnlyCollection<ReceivedMessage> Received => _received.ToArray();

    /// <summary>The first message (already received or still to come) on this topic, or a timeout failure.</summary>
    public Task<ReceivedMessage> NextAsync(string topic, TimeSpan? timeout = null) => WaitAsync(m => m.Topic == topic, $"a message on {topic}", timeout);

    public async Task<ReceivedMessage> WaitAsync(Func<ReceivedMessage, bool> match, string what, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource<ReceivedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            var already = _received.FirstOrDefault(match);
            if (already is not null) return already;
            _waiters.Add((match, done));
        }
        try
        {
            return await done.Task.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"Timed out waiting for {what}; received: [{string.Join(", ", _received.Select(m => m.Topic))}].");
        }
    }

    private Task OnReceived(MqttApplicationMessageReceivedEventArgs e)
    {
        var message = new ReceivedMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.ConvertPayloadToString(),
            e.ApplicationMessage.QualityOfServiceLevel, e.ApplicationMessage.Retain);
        lock (_lock)
        {
            _received.Enqueue(message);
            foreach (var waiter in _waiters.Where(w => w.Match(message)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(message);
            }
        }
        return Task.CompletedTask;
    }
}
