// A ThingsPanel device on MQTT.js over WebSocket: connects with its id and key, subscribes to its command topic,
// publishes telemetry at QoS 1, then prints the first command it receives and exits.
// Usage: node ws-device.mjs <ws-url> <deviceId> <key>
import mqtt from "mqtt";

const [url, deviceId, key] = process.argv.slice(2);
const client = mqtt.connect(url, { username: deviceId, password: key, clientId: `device_${deviceId}_js`, protocolVersion: 4, reconnectPeriod: 0 });
const timer = setTimeout(() => { console.log("timeout"); process.exit(3); }, 20000);

client.on("error", (error) => { console.log(`error ${error.message}`); process.exit(2); });
client.on("connect", () => {
  client.subscribe(`devices/command/${deviceId}/+`, { qos: 1 }, (error, granted) => {
    if (error) { console.log(`subscribe failed ${error.message}`); process.exit(2); }
    console.log(`subscribed ${granted.map((g) => g.qos).join(",")}`);
    client.publish("devices/telemetry", JSON.stringify({ temperature: 21.5, door: "closed" }), { qos: 1 }, (publishError) => {
      console.log(publishError ? `publish failed ${publishError.message}` : "published");
    });
  });
});
client.on("message", (topic, payload) => {
  console.log(`command ${topic} ${payload.toString()}`);
  clearTimeout(timer);
  client.end(false, () => process.exit(0));
});
