import socket
import json
import time
import threading
import queue

# 设备凭证和服务器信息
device_id = "DEV-123456"
device_key = "your_device_key_here"
server_host = "your.server.domain"
server_port = 9000

# 消息队列和锁
send_queue = queue.Queue()
socket_lock = threading.Lock()

# 创建套接字并连接
client_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client_socket.connect((server_host, server_port))

# 发送消息函数
def send_message(message):
    with socket_lock:
        client_socket.send((json.dumps(message) + "\n").encode('utf-8'))

# 认证
auth_message = {
    "type": "auth",
    "device_id": device_id,
    "device_key": device_key
}
send_message(auth_message)

# 接收线程
def receiver():
    buffer = ""
    while True:
        try:
            data = client_socket.recv(1024).decode('utf-8')
            if not data:
                print("Connection closed by server")
                break
                
            buffer += data
            
            # 处理完整消息
            while '\n' in buffer:
                line, buffer = buffer.split('\n', 1)
                message = json.loads(line)
                handle_message(message)
                
        except Exception as e:
            print(f"Receiver error: {e}")
            break
    
    # 连接断开，开始重连
    reconnect()

# 消息处理函数
def handle_message(message):
    msg_type = message.get("type")
    
    if msg_type == "auth_result":
        if message.get("result") == "success":
            print("Authentication successful")
        else:
            print(f"Authentication failed: {message.get('message')}")
            client_socket.close()
            exit(1)
            
    elif msg_type == "pong":
        print("Received heartbeat response")
        
    elif msg_type == "command":
        # 处理命令
        cmd_id = message.get("command_id")
        cmd = message.get("command")
        params = message.get("params", {})
        
        print(f"Received command: {cmd}, params: {params}")
        
        # 构造响应
        response = {
            "type": "command_response",
            "command_id": cmd_id,
            "device_id": device_id,
            "timestamp": int(time.time()),
            "result": "success",
            "data": params  # 实际应用中应根据命令执行结果填充
        }
        
        # 发送响应
        send_queue.put(response)

# 发送线程
def sender():
    while True:
        try:
            # 从队列获取要发送的消息
            message = send_queue.get(timeout=1)
            send_message(message)
            send_queue.task_done()
        except queue.Empty:
            pass
        except Exception as e:
            print(f"Sender error: {e}")
            break

# 心跳线程
def heartbeat():
    while True:
        try:
            ping_message = {
                "type": "ping",
                "device_id": device_id,
                "timestamp": int(time.time())
            }
            send_queue.put(ping_message)
            print("Heartbeat sent")
            time.sleep(60)  # 心跳间隔
        except Exception as e:
            print(f"Heartbeat error: {e}")
            break

# 状态上报线程
def status_reporter():
    while True:
        try:
            status_message = {
                "type": "status",
                "device_id": device_id,
                "timestamp": int(time.time()),
                "status": "online",
                "info": {
                    "version": "1.0.3"
                }
            }
            send_queue.put(status_message)
            print("Status reported")
            time.sleep(300)  # 每5分钟上报一次状态
        except Exception as e:
            print(f"Status reporter error: {e}")
            break

# 重连函数
def reconnect():
    global client_socket
    
    print("Reconnecting...")
    time.sleep(5)  # 等待5秒再重连
    
    try:
        # 关闭旧连接
        with socket_lock:
            if client_socket:
                try:
                    client_socket.close()
                except:
                    pass
                
        # 创建新连接
        client_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        client_socket.connect((server_host, server_port))
        
        # 重新认证
        auth_message = {
            "type": "auth",
            "device_id": device_id,
            "device_key": device_key
        }
        with socket_lock:
            client_socket.send((json.dumps(auth_message) + "\n").encode('utf-8'))
            
        print("Reconnection successful")
        
        # 重启接收线程
        rx_thread = threading.Thread(target=receiver)
        rx_thread.daemon = True
        rx_thread.start()
        
    except Exception as e:
        print(f"Reconnection failed: {e}")
        # 稍后再试
        timer = threading.Timer(30, reconnect)
        timer.daemon = True
        timer.start()

# 启动线程
rx_thread = threading.Thread(target=receiver)
tx_thread = threading.Thread(target=sender)
hb_thread = threading.Thread(target=heartbeat)
st_thread = threading.Thread(target=status_reporter)

rx_thread.daemon = True
tx_thread.daemon = True
hb_thread.daemon = True
st_thread.daemon = True

rx_thread.start()
tx_thread.start()
hb_thread.start()
st_thread.start()

# 主循环
try:
    while True:
        time.sleep(1)
        # 在此可以添加定期数据上报逻辑
except KeyboardInterrupt:
    print("Shutting down...")
    client_socket.close()
