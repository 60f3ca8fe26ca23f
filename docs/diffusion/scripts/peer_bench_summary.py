#!/usr/bin/python3
"""Summarise peer_bench.sh's raw.jsonl: per item, each side's median over rounds and the ratio Tessera speed ÷ peer speed
(> 1: Tessera faster) with its per-round range. Usage: peer_bench_summary.py raw.jsonl"""
import collections
import json
import statistics
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
groups = collections.defaultdict(lambda: collections.defaultdict(dict))
for r in rows:
    item = "train" if r["what"] == "train" else "sample " + str(r["respacing"])
    rate = r["steps_per_second"] if r["what"] == "train" else r["images_per_second"]
    groups[item][r["round"]][r["side"]] = (rate, r["load1"])
print("| item | Tessera (median) | improved-diffusion (median) | Tessera ÷ improved-diffusion | per-round ratios | rounds | load (1 min) |")
print("| --- | ---: | ---: | ---: | --- | ---: | --- |")
for item, by_round in groups.items():
    ours = [v["tessera"][0] for v in by_round.values() if "tessera" in v and "improved-diffusion" in v]
    peer = [v["improved-diffusion"][0] for v in by_round.values() if "tessera" in v and "improved-diffusion" in v]
    ratios = [o / p for o, p in zip(ours, peer)]
    loads = [x[1] for v in by_round.values() for x in v.values()]
    unit = "steps/s" if item == "train" else "images/s"
    print(f"| {item} | {statistics.median(ours):.3f} {unit} | {statistics.median(peer):.3f} {unit} | "
          f"**{statistics.median(ratios):.2f}×** | {', '.join(f'{x:.2f}' for x in ratios)} | {len(ratios)} | "
          f"{min(loads):.2f}–{max(loads):.2f} |")
