#!/bin/bash
# DDPM-seg vs from-scratch UNet for one seed: 5/10/20 labelled images, 50 test scenes (one heavy call)
cd /work/wt/diffusion3
CLI="dotnet /tmp/d3cli2/tessera.dll"
W=/tmp/d3runs/item3
seed=$1
echo "seg seed $seed start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $W/log
for n in 5 10 20; do
  L=$W/labelled-$n; mkdir -p $L/images $L/labels
  for f in $(ls $W/world-train/images | head -$n); do ln -sf $W/world-train/images/$f $L/images/$f; ln -sf $W/world-train/masks/semantic/$f $L/labels/$f; done
  for m in ddpm unet; do
    O=$W/out-$m-$n-s$seed; rm -rf $O
    extra=""; [ $m = unet ] && extra="--from-scratch --max-steps 400 --batch 4"
    /usr/bin/time -v $CLI diffusion segment --weights models/diffusion-world-tiny --train $L --images $W/world-test/images --classes 8 --out $O --seed $seed $extra > $O.json 2> $O.err
    P=$O-pred; rm -rf $P; mkdir -p $P
    for f in $(ls $W/world-test/masks/semantic); do cp $O/$f $P/$f; done
    $CLI seg eval --pred $P --gt $W/world-test/masks/semantic --classes 8 --json > $O.eval.json 2> $O.eval.err
    echo "$m n=$n seed=$seed $(date -u +%H:%M:%S) $(head -c 200 $O.eval.json)" >> $W/log
  done
done
echo "seg seed $seed end $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $W/log
