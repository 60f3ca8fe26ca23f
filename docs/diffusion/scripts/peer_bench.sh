#!/bin/bash
# Same-sitting speed: Tessera (the CLI) against openai/improved-diffusion (PyTorch 1.13, peer_bench.py) on the
# configuration of models/diffusion-mnist-tiny, 1 thread each, interleaved; which side goes first alternates by round.
# Usage (from the repository root): IMPROVED_DIFFUSION_SRC=/path/to/export peer_bench.sh TESSERA_DLL OUT_DIR [ROUNDS]
# ITEMS="train 25 50 100" (default) chooses the interleaved items; FULL=0 skips the 1,000-step chain.
# Writes OUT_DIR/raw.jsonl (one line per measurement, with the 1-minute load average before it).
set -euo pipefail
CLI="dotnet $1"; OUT=$2; ROUNDS=${3:-3}
PEER="/usr/bin/python3 $(dirname "$0")/peer_bench.py"
mkdir -p "$OUT"; RAW=$OUT/raw.jsonl; : > "$RAW"
load() { cut -d' ' -f1 /proc/loadavg; }
tessera_train() {
  rm -rf "$OUT/train"
  $CLI diffusion train --digits train --out "$OUT/train" --image-size 32 --channels 1 --unet-width 32 --res-blocks 1 \
    --attention none --schedule cosine --loss hybrid --max-steps 20 --batch 32 --lr 5e-4 --ema 0.995 --samples 0 \
    --seed 1 --workers 1 > /dev/null 2> "$OUT/train.err"
  # metrics.csv: step,loss,mse,vb,seconds; steps 6-20 are the steady state (as the peer's).
  /usr/bin/python3 -c "import csv,statistics,json,sys; r=list(csv.DictReader(open(sys.argv[1]))); s=[float(x['seconds']) for x in r][5:]; m=statistics.median(s); print(json.dumps({'what':'train','batch':32,'steps':len(r),'median_step_seconds':m,'steps_per_second':1/m,'timed_steps':len(s),'side':'tessera','threads':1}))" "$OUT/train/metrics.csv"
}
tessera_sample() {
  local spacing=$1 count=$2
  $CLI diffusion sample --weights models/diffusion-mnist-tiny --out "$OUT/grid.png" --count "$count" --batch "$count" \
    ${spacing:+--respacing "$spacing"} --seed 1 --workers 1 --json 2> /dev/null \
    | /usr/bin/python3 -c "import json,sys; d=json.loads(sys.stdin.read()); d.update({'what':'sample','respacing':sys.argv[1] or 'full','batch':int(sys.argv[2]),'side':'tessera','threads':1}); print(json.dumps(d))" "$spacing" "$count"
}
peer_train() { $PEER train --steps 20 --batch 32 --threads 1; }
peer_sample() { $PEER sample --respacing "$1" --count "$2" --batch "$2" --threads 1; }
record() { local round=$1; shift; local l; l=$(load); "$@" | /usr/bin/python3 -c "import json,sys; d=json.loads(sys.stdin.read()); d.update({'round':int(sys.argv[1]),'load1':float(sys.argv[2])}); print(json.dumps(d))" "$round" "$l" >> "$RAW"; }
for round in $(seq 1 "$ROUNDS"); do
  for item in ${ITEMS:-train 25 50 100}; do
    if [ "$item" = train ]; then a=(tessera_train); b=(peer_train); else a=(tessera_sample "$item" 8); b=(peer_sample "$item" 8); fi
    if [ $((round % 2)) -eq 1 ]; then record "$round" "${a[@]}"; record "$round" "${b[@]}"; else record "$round" "${b[@]}"; record "$round" "${a[@]}"; fi
  done
  echo "round $round done $(date -u +%H:%M:%S) load $(load)" >&2
done
# The full 1,000-step chain once per side (8 images each), Tessera first.
if [ "${FULL:-1}" != 0 ]; then
  record 1 tessera_sample "" 8; record 1 peer_sample "" 8
  echo "full chain done $(date -u +%H:%M:%S) load $(load)" >&2
fi
