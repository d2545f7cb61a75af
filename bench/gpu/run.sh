#!/usr/bin/env bash
# The engine on an NVIDIA GPU (CUDA 13), against the CPU build of the same commit: greedy parity, then tokens/s at
# 1 and 8 concurrent streams through /generate. See README.md. Run from anywhere: bench/gpu/run.sh [seconds-per-run]
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-30}
work=$(mktemp -d -t inference-gpu-XXXXXX)
results="$repo/bench/results/$(date -u +%F)-gpu.md"
pids=()

fail() { echo "bench/gpu/run.sh: $*" >&2; exit 1; }
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# 1. A GPU and its driver. Without them nothing below can mean anything.
command -v nvidia-smi >/dev/null || fail "nvidia-smi not found: this needs an NVIDIA GPU with its driver installed (the CUDA provider also needs libcuda.so.1 from the driver)."
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader > "$work/gpu.txt" || fail "nvidia-smi found no usable GPU."

# 2. The CUDA 13 and cuDNN 9 libraries the CUDA provider of ONNX Runtime 1.32 loads (the service checks them too).
loadable() {
  ldconfig -p | grep -q "$1" && return 0
  local dir; IFS=: read -ra dirs <<< "${LD_LIBRARY_PATH:-}"
  for dir in "${dirs[@]}"; do [[ -e "$dir/$1" ]] && return 0; done
  return 1
}
for lib in libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libcurand.so.10 libcuda.so.1 libcudnn.so.9; do
  loadable "$lib" || fail "$lib is neither known to ldconfig nor on LD_LIBRARY_PATH: install CUDA 13 and cuDNN 9."
done
for tool in dotnet curl python3; do command -v "$tool" >/dev/null || fail "$tool not found on PATH."; done

# 3. Publish both flavours of the same commit: the GPU one self-contained, as it would ship.
echo "publishing (GPU flavour, self-contained; then CPU) into $work"
dotnet publish "$repo/Inference.Api" -c Release -r linux-x64 --self-contained -p:OnnxRuntimeFlavor=gpu -o "$work/gpu" > "$work/publish-gpu.log" \
  || fail "GPU publish failed: see $work/publish-gpu.log"
dotnet publish "$repo/Inference.Api" -c Release -o "$work/cpu" > "$work/publish-cpu.log" || fail "CPU publish failed: see $work/publish-cpu.log"
dotnet build -c Release "$repo/bench/LoadGen" > "$work/build-loadgen.log" || fail "LoadGen build failed: see $work/build-loadgen.log"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start NAME PROVIDER DIR: the service on a free loopback port, its address in $NAME_url once /health answers.
start() {
  local name=$1 provider=$2 dir=$3 port
  port=$(free_port)
  (cd "$dir" && ASPNETCORE_URLS="http://127.0.0.1:$port" Model__Provider="$provider" Model__Path="$repo/models/kjv-5m" \
     Model__MaxBatchSize=8 Auth__RequestsPerMinute=1000000 exec "$dir/Inference.Api") > "$work/$name.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then printf -v "${name}_url" 'http://127.0.0.1:%s' "$port"; return; fi
    kill -0 "${pids[-1]}" 2>/dev/null || fail "the $name service exited at start: $(tail -5 "$work/$name.log")"
    sleep 0.5
  done
  fail "the $name service was not healthy within 60 s: see $work/$name.log"
}

start gpu cuda "$work/gpu"
start cpu cpu "$work/cpu"
curl -fsS "$gpu_url/health/detailed" | python3 -c 'import json,sys; o=json.load(sys.stdin)["onnxRuntime"]; assert o["executionProvider"]=="cuda", o; print("GPU service:", o)'

# 4. Greedy parity: the same text from both services on a few prompts (quotes, digits, accents, emoji included).
python3 - "$gpu_url" "$cpu_url" > "$work/parity.md" <<'PY' || { cat "$work/parity.md"; fail "greedy output differs between GPU and CPU"; }
import json, sys, urllib.request
gpu, cpu = sys.argv[1], sys.argv[2]
prompts = ["In the beginning", "And God said, \"Let there be light\"", "Chapter 3, verse 16:", "Café déjà vu", "The lord is my shepherd 🐑"]
def text(url, prompt):
    body = json.dumps({"prompt": prompt, "max_tokens": 48, "temperature": 0}).encode()
    request = urllib.request.Request(url + "/generate", body, {"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request, timeout=60))["response"]
same = True
print("| prompt | same greedy text on GPU and CPU |\n|---|---|")
for p in prompts:
    g, c = text(gpu, p), text(cpu, p)
    same &= g == c
    print(f"| {json.dumps(p)} | {'yes' if g == c else 'NO: gpu ' + json.dumps(g) + ' / cpu ' + json.dumps(c)} |")
sys.exit(0 if same else 1)
PY

# 5. Tokens/s at 1 and 8 streams, GPU then CPU, closed loop, 64 tokens each, same prompt.
load() {
  dotnet run -c Release --no-build --project "$repo/bench/LoadGen" -- --url "$1" --concurrency "$2" --duration "${seconds}s" \
    --warmup 5 --max-tokens 64 --markdown "$work/load-$3-$2.md" > "$work/load-$3-$2.log" || fail "LoadGen failed: see $work/load-$3-$2.log"
}
for streams in 1 8; do load "$gpu_url" "$streams" gpu; load "$cpu_url" "$streams" cpu; done

{
  echo "# Engine on the GPU (CUDA provider) vs CPU, $(date -u +%F)"
  echo
  echo "GPU: $(cat "$work/gpu.txt"); CPU: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)."
  echo "Command: \`bench/gpu/run.sh $seconds\` (commit $(git -C "$repo" rev-parse --short HEAD)); model models/kjv-5m, greedy, 64 tokens, MaxBatchSize 8."
  echo
  echo "## Greedy parity"
  echo
  cat "$work/parity.md"
  for streams in 1 8; do
    for side in gpu cpu; do
      echo
      echo "## $side, $streams concurrent stream(s)"
      echo
      cat "$work/load-$side-$streams.md"
    done
  done
} > "$results"
echo "written: $results"
