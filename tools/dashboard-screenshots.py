"""Screenshots of the AppHost dashboard through the Chrome DevTools protocol (Python standard library only).

Usage: /usr/bin/python3 tools/dashboard-screenshots.py <login URL printed by the AppHost> <output folder> <path>...
Starts Debian's Chromium headless with remote debugging, signs in with the one-time URL, opens each path, prints the
first 400 characters of the rendered view (and any JavaScript exception) and saves <output>/dashboard-<path>.png.
WAIT (seconds, default 3.5) sets how long each page gets to load its data. Not a test: the review aid behind
bench/results/dashboard/.
"""
import base64, json, os, socket, struct, subprocess, sys, time, urllib.request
login, out = sys.argv[1], sys.argv[2]
base = login.split('/login')[0]
port = 9333
proc = subprocess.Popen(['/usr/lib/chromium/chromium', '--headless=new', '--no-sandbox', '--disable-gpu', f'--remote-debugging-port={port}', '--window-size=1366,900', 'about:blank'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for _ in range(50):
    try:
        targets = json.load(urllib.request.urlopen(f'http://127.0.0.1:{port}/json')); break
    except Exception: time.sleep(0.2)
ws_url = [t for t in targets if t['type'] == 'page'][0]['webSocketDebuggerUrl']
host, path = ws_url[len('ws://'):].split('/', 1)
s = socket.create_connection((host.split(':')[0], int(host.split(':')[1])))
key = base64.b64encode(os.urandom(16)).decode()
s.send(f'GET /{path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n'.encode())
buf = b''
while b'\r\n\r\n' not in buf: buf += s.recv(4096)
buf = buf.split(b'\r\n\r\n', 1)[1]
def send(obj):
    data = json.dumps(obj).encode(); mask = os.urandom(4)
    hdr = bytes([0x81]) + (bytes([0x80 | len(data)]) if len(data) < 126 else bytes([0x80 | 126]) + struct.pack('>H', len(data)) if len(data) < 65536 else bytes([0x80 | 127]) + struct.pack('>Q', len(data)))
    s.send(hdr + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))
def recv_frame():
    global buf
    def need(n):
        global buf
        while len(buf) < n: buf += s.recv(1 << 20)
    need(2); b1 = buf[1] & 0x7f; off = 2
    if b1 == 126: need(4); b1 = struct.unpack('>H', buf[2:4])[0]; off = 4
    elif b1 == 127: need(10); b1 = struct.unpack('>Q', buf[2:10])[0]; off = 10
    need(off + b1); payload = buf[off:off + b1]; buf = buf[off + b1:]; return payload
msg_id = 0
def call(method, **params):
    global msg_id
    msg_id += 1; send({'id': msg_id, 'method': method, 'params': params})
    while True:
        m = json.loads(recv_frame())
        if m.get('method') == 'Runtime.exceptionThrown': print('JS EXCEPTION', m['params']['exceptionDetails'].get('exception', {}).get('description'))
        if m.get('method') == 'Runtime.consoleAPICalled' and m['params']['type'] == 'error': print('CONSOLE ERROR', m['params']['args'])
        if m.get('id') == msg_id: return m.get('result', m.get('error'))
call('Runtime.enable'); call('Page.enable')
call('Page.navigate', url=login); time.sleep(3)
pages = sys.argv[3:] if len(sys.argv) > 3 else ['/']
for p in pages:
    call('Page.navigate', url=base + p); time.sleep(float(os.environ.get("WAIT", "3.5")))
    text = call('Runtime.evaluate', expression="document.getElementById('view').innerText.slice(0, 400)")['result'].get('value')
    print('==', p, '::', (text or '').replace('\n', ' | ')[:400])
    shot = call('Page.captureScreenshot', format='png')['data']
    name = 'dashboard-' + (p.strip('/').split('?')[0].replace('/', '-')[:40] or 'overview') + '.png'
    open(os.path.join(out, name), 'wb').write(base64.b64decode(shot))
proc.kill()
