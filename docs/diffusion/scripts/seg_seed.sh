#!/bin/bash
# DDPM-seg against the same-label UNet for one seed: 5/10/20 labelled scenes, 50 held-out test scenes.
# Usage (from the repository root): seg_seed.sh TESSERA_DLL WORK_DIR SEED
# WORK_DIR holds world-train (400 clean 32² scenes, --seed 1) and world-test (50 scenes from 5000, --seed 1), made by
#   tessera world generate --domain clean --count 400 --size 32 --out WORK_DIR/world-train --seed 1
#   tessera world generate --domain clean --count 50 --size 32 --start 5000 --out WORK_DIR/world-test --seed 1
# (session 6 form of seg.sh: same commands, paths as arguments). Appends one line per run to WORK_DIR/log.
set -u
CLI="dotnet $1"; W=$2; seed=$3
echo "seg seed $seed start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$W/log"
for n in 5 10 20; do
  L=$W/labelled-$n; mkdir -p "$L/images" "$L/labels"
  for f in $(ls "$W/world-train/images" | head -$n); do
    ln -sf "$W/world-train/images/$f" "$L/images/$f"; ln -sf "$W/world-train/masks/semantic/$f" "$L/labels/$f"
  done
  for m in ddpm unet; do
    O=$W/out-$m-$n-s$seed; rm -rf "$O"
    extra=(); [ $m = unet ] && extra=(--from-scratch --max-steps 400 --batch 4)
    start=$(date +%s.%N)
    /usr/bin/time -v $CLI diffusion segment --weights models/diffusion-world-tiny --train "$L" --images "$W/world-test/images" \
      --classes 8 --out "$O" --seed "$seed" "${extra[@]}" > "$O.json" 2> "$O.err"
    seconds=$(echo "$(date +%s.%N) - $start" | bc)
    P=$O-pred; rm -rf "$P"; mkdir -p "$P"
    for f in $(ls "$W/world-test/masks/semantic"); do cp "$O/$f" "$P/$f"; done
    $CLI seg eval --pred "$P" --gt "$W/world-test/masks/semantic" --classes 8 --json > "$O.eval.json" 2> "$O.eval.err"
    rss=$(grep "Maximum resident" "$O.err" | awk '{print $NF}')
    echo "$m n=$n seed=$seed seconds=$seconds rss_kb=$rss $(date -u +%H:%M:%S) $(head -c 300 "$O.eval.json")" >> "$W/log"
  done
done
echo "seg seed $seed end $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$W/log"
