import paho.mqtt.client as mqtt
import json
import time

# 设备凭证
device_id = "DEV-123456"
device_key = "your_device_key_here"

# 全局变量存储设备状态
device_state = {
    "relay1": "OFF",
    "led_brightness": 0
}

# 命令处理函数
def handle_command(payload):
    try:
        cmd = json.loads(payload)
        
        if cmd.get("command") == "set_actuator" and "params" in cmd:
            params = cmd["params"]
            
            # 更新设备状态
            for key, value in params.items():
                if key in device_state:
                    device_state[key] = value
            
            # 构造响应
            response = {
                "response": "actuator_set",
                "command": "set_actuator",
                "timestamp": int(time.time()),
                "device_id": device_id,
                "success": True,
                "data": device_state
            }
            
            # 发送响应
            client.publish(
                topic=f"novacloud/devices/{device_id}/data",
                payload=json.dumps(response),
                qos=1
            )
            
            print(f"Command executed: {params}")
            print(f"Current state: {device_state}")
        
    except Exception as e:
        print(f"Error handling command: {e}")

# 消息回调
def on_message(client, userdata, msg):
    if msg.topic == f"novacloud/devices/{device_id}/command":
        print(f"Command received: {msg.payload.decode()}")
        handle_command(msg.payload)

# 连接回调
def on_connect(client, userdata, flags, rc):
    if rc == 0:
        print("Connected to MQTT Broker!")
        # 订阅命令主题
        client.subscribe(f"novacloud/devices/{device_id}/command", qos=1)
    else:
        print(f"Failed to connect, return code {rc}")

# 创建客户端
client = mqtt.Client(f"device_{device_id}")
client.username_pw_set(device_id, device_key)
client.on_connect = on_connect
client.on_message = on_message

# 连接到服务器并开始循环
client.connect("broker.emqx.io", 1883, 60)
client.loop_forever()
