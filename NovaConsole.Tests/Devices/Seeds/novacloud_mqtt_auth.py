import paho.mqtt.client as mqtt
import random
import string

# 设备凭证
device_id = "DEV-123456"
device_key = "your_device_key_here"  # 从平台获取的密钥

# 生成随机后缀
suffix = ''.join(random.choice(string.ascii_lowercase + string.digits) for _ in range(8))
client_id = f"device_{device_id}_{suffix}"

# 创建客户端实例
client = mqtt.Client(client_id=client_id)
client.username_pw_set(device_id, device_key)  # 设置用户名和密码

# 连接到MQTT服务器
client.connect("broker.emqx.io", 1883, 60)
