// A ThingsPanel device on MQTT.js speaking MQTT 5 over plain TCP: subscribes to its command topic, and answers the first
// command on a response topic of its own choosing with the command's correlation data, so only that can match it.
// Prints what the command carried. Usage: node mqtt5-device.mjs <mqtt-url> <deviceId> <key>
import mqtt from "mqtt";

const [url, deviceId, key] = process.argv.slice(2);
const client = mqtt.connect(url, { username: deviceId, password: key, clientId: `device_${deviceId}_js5`, protocolVersion: 5, reconnectPeriod: 0 });
const timer = setTimeout(() => { console.log("timeout"); process.exit(3); }, 20000);

client.on("error", (error) => { console.log(`error ${error.message}`); process.exit(2); });
client.on("connect", (connack) => {
  console.log(`connack ${connack.reasonCode ?? 0} alias-max ${connack.properties?.topicAliasMaximum}`);
  client.subscribe(`devices/command/${deviceId}/+`, { qos: 1 }, (error, granted) => {
    if (error) { console.log(`subscribe failed ${error.message}`); process.exit(2); }
    console.log(`subscribed ${granted.map((g) => g.qos).join(",")}`);
  });
});
client.on("message", (topic, payload, packet) => {
  const props = packet.properties ?? {};
  const correlation = props.correlationData ? Buffer.from(props.correlationData).toString() : "";
  console.log(`command ${topic} response-topic ${props.responseTopic} correlation ${correlation}`);
  const method = JSON.parse(payload.toString()).method;
  // "0000000" is no message id the platform sent: the answer can only be matched by its correlation data.
  client.publish("devices/command/response/0000000", JSON.stringify({ result: 0, message: "done", method }),
    { qos: 1, properties: { correlationData: Buffer.from(correlation) } }, (error) => {
      console.log(error ? `answer failed ${error.message}` : "answered");
      clearTimeout(timer);
      client.end(false, () => process.exit(0));
    });
});
