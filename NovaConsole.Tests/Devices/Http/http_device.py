#!/usr/bin/python3
"""A small device on the HTTP device API, standard library only (urllib).

Usage: http_device.py BASE_URL DEVICE_ID DEVICE_KEY
Posts one telemetry reading, then long-polls for a command, answers it and exits. Prints one line per step.
"""
import json
import sys
import urllib.error
import urllib.request

base, device_id, key = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
api = f"{base}/api/v1/d/{device_id}"


def call(method, path, body=None, timeout=10):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(api + path, data=data, method=method,
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read().decode() or "null")


status, answer = call("POST", "/telemetry", {"temperature": 22.5, "humidity": 41})
print(f"telemetry {status} {json.dumps(answer)}", flush=True)

for _ in range(10):
    status, command = call("GET", "/commands?wait=30", timeout=45)
    print(f"poll {status}", flush=True)
    if status == 204:
        continue
    if status != 200:
        sys.exit(1)
    print(f"command {command['id']} {command['method']} {json.dumps(command['params'])}", flush=True)
    status, answer = call("POST", f"/commands/{command['id']}/response", {"result": "success", "data": {"done": command["method"]}})
    print(f"answered {command['id']} {status} {json.dumps(answer)}", flush=True)
    sys.exit(0 if status == 200 else 1)
sys.exit(2)
