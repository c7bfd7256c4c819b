using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Sessions;

internal sealed partial class MqttSession
{
    /// <summary>
    /// Handles PUBACK, PUBREC or PUBCOMP from the client. Returns false for an identifier that is not in flight
    /// in that state (a late duplicate): the caller logs it and carries on.
    /// </summary>
    public bool Acknowledge(MqttPacketType type, ushort packetIdentifier)
    {
        lock (Gate)
        {
            var expected = type switch
            {
                MqttPacketType.PubAck => InflightState.AwaitingPubAck,
                MqttPacketType.PubRec => InflightState.AwaitingPubRec,
                _ => InflightState.AwaitingPubComp,
            };

            var index = IndexOfInflight(packetIdentifier);
            var inflight = _inflight!; // not used when index < 0
            if (index < 0 || inflight[index].State != expected)
            {
                // A PUBREC for a message already released asks for PUBREL again (§4.3.3 re-send after reconnect).
                if (index >= 0 && type == MqttPacketType.PubRec && inflight[index].State == InflightState.AwaitingPubComp)
                {
                    inflight[index].NeedsSend = true;
                    DrainLocked();
                    return true;
                }

                return false;
            }

            if (type != MqttPacketType.PubComp)
            {
                // PUBACK (§4.3.2) or PUBREC (§4.3.3): the client has the message.
                inflight[index].Queued.Message.NotifyDelivered();
            }

            if (type == MqttPacketType.PubRec)
            {
                // §4.3.3: the message is now owned by the receiver; answer PUBREL and keep only the identifier.
                var message = inflight[index];
                message.State = InflightState.AwaitingPubComp;
                message.NeedsSend = true;
                Kept(message.Queued, message.PacketIdentifier, message.State, isNew: false);
            }
            else
            {
                Forgotten(inflight[index].Queued);
                inflight.RemoveAt(index);
            }

            DrainLocked();
            return true;
        }
    }
}
