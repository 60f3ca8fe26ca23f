#!/bin/bash
# world scenes + diffusion model on them (one heavy call)
set -e
cd /work/wt/diffusion3
CLI="dotnet /tmp/d3cli2/tessera.dll"
W=/tmp/d3runs/item3
echo "prep start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $W/log
$CLI world generate --domain clean --count 400 --size 32 --out $W/world-train --seed 1 2>> $W/gen.err
$CLI world generate --domain clean --count 50 --size 32 --start 5000 --out $W/world-test --seed 1 2>> $W/gen.err
/usr/bin/time -v $CLI diffusion train --images $W/world-train/images --out models/diffusion-world-tiny --image-size 32 --channels 3 --unet-width 32 --res-blocks 1 --attention none --schedule cosine --loss hybrid --max-steps 300 --batch 32 --lr 5e-4 --ema 0.99 --checkpoint-every 100 --samples 16 --seed 1 > $W/train.out 2> $W/train.err
echo "prep end $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $W/log
