import paho.mqtt.client as mqtt
import json
import time

# 设备凭证
device_id = "DEV-123456"
device_key = "your_device_key_here"

# 连接回调
def on_connect(client, userdata, flags, rc):
    if rc == 0:
        print("Connected to MQTT Broker!")
    else:
        print(f"Failed to connect, return code {rc}")

# 创建客户端
client = mqtt.Client(f"device_{device_id}")
client.username_pw_set(device_id, device_key)
client.on_connect = on_connect

# 连接到服务器
client.connect("broker.emqx.io", 1883, 60)
client.loop_start()

# 数据上报主题
data_topic = f"novacloud/devices/{device_id}/data"

# 上报数据
sensor_data = {
    "timestamp": int(time.time()),
    "device_id": device_id,
    "temperature": 25.5,
    "humidity": 60.0
}

# 发布消息
client.publish(
    topic=data_topic,
    payload=json.dumps(sensor_data),
    qos=1
)

client.loop_stop()
client.disconnect()
