import paho.mqtt.client as mqtt
import json
import time
import threading

# 设备凭证
device_id = "DEV-123456"
device_key = "your_device_key_here"

# 状态主题
status_topic = f"novacloud/devices/{device_id}/status"

# LWT消息
lwt_payload = json.dumps({
    "status": "offline",
    "timestamp": 0,
    "device_id": device_id
})

# 创建客户端
client = mqtt.Client(f"device_{device_id}")
client.username_pw_set(device_id, device_key)

# 设置LWT
client.will_set(
    topic=status_topic,
    payload=lwt_payload,
    qos=1,
    retain=False
)

# 连接到服务器
client.connect("broker.emqx.io", 1883, 60)
client.loop_start()

# 状态上报函数
def report_status():
    while True:
        status_data = {
            "status": "online",
            "timestamp": int(time.time()),
            "device_id": device_id,
            "info": {
                "version": "1.0.3",
                "rssi": -65
            }
        }
        
        client.publish(
            topic=status_topic,
            payload=json.dumps(status_data),
            qos=1
        )
        
        print("Status reported")
        time.sleep(60)  # 60秒上报一次

# 启动状态上报线程
status_thread = threading.Thread(target=report_status)
status_thread.daemon = True
status_thread.start()

# 主循环
try:
    while True:
        time.sleep(1)
except KeyboardInterrupt:
    print("Disconnecting...")
    client.loop_stop()
    client.disconnect()
