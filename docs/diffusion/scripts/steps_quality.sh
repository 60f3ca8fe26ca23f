#!/bin/bash
# Sample quality of one diffusion model at 25/50/100 respaced steps (256 samples) and the full chain (64 samples), scored
# with the digit reader; the procedure of the session-5 table in docs/diffusion.md (same seed, so sample i starts from the
# same x_T for every step count and every model).
# Usage (from the repository root): steps_quality.sh TESSERA_DLL MODEL_DIR OUT_DIR [STEP_COUNTS]
# Writes OUT_DIR/quality.jsonl (one line per sampling + score) and the grids OUT_DIR/samples-R.png.
set -euo pipefail
CLI="dotnet $1"; MODEL=$2; OUT=$3; COUNTS=${4:-"25 50 100 full"}
READER=models/diffusion-digit-reader
mkdir -p "$OUT"
for r in $COUNTS; do
  n=256; spacing=(--respacing "$r"); [ "$r" = full ] && n=64 && spacing=()
  load=$(cut -d' ' -f1 /proc/loadavg)
  sampling=$($CLI diffusion sample --weights "$MODEL" --count $n --batch 64 "${spacing[@]}" --seed 1 --npy "$OUT/samples-$r.npy" \
    --out "$OUT/samples-$r.png" --json 2> "$OUT/sample-$r.err")
  s256=null; [ $n = 256 ] && s256=$($CLI diffusion score --classifier $READER --input "$OUT/samples-$r.npy" --count 256 2>> "$OUT/score.err")
  s64=$($CLI diffusion score --classifier $READER --input "$OUT/samples-$r.npy" --count 64 2>> "$OUT/score.err")
  echo "{\"steps\": \"$r\", \"load1\": $load, \"sampling\": $sampling, \"score_256\": $s256, \"score_64\": $s64}" >> "$OUT/quality.jsonl"
  echo "$r done $(date -u +%H:%M:%S)" >&2
done
