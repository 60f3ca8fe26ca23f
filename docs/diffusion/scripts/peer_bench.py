#!/usr/bin/python3
"""Time openai/improved-diffusion (the PyTorch reference) on the configuration of models/diffusion-mnist-tiny.

The reference is not part of Tessera: point IMPROVED_DIFFUSION_SRC at an export of its repository (fetched outside this
repository). Run with Debian's /usr/bin/python3 (python3-torch 1.13). One JSON line per measurement on stdout.

  peer_bench.py train --steps 20 --batch 32 --threads 1
  peer_bench.py sample --respacing 25 --count 8 --batch 8 --threads 1     (--respacing "" = all 1,000 steps)

Weights are random (speed does not depend on them); the model is built exactly as the Tessera model's config.json says
(UNet width 32, multipliers 1,2,2,2, one residual block per level, no attention, scale-shift norm, learned-range
variance, cosine schedule, T = 1000, rescaled timesteps, L_hybrid).
"""
import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.environ["IMPROVED_DIFFUSION_SRC"])
import torch as th  # noqa: E402
from improved_diffusion.script_util import create_gaussian_diffusion  # noqa: E402
from improved_diffusion.unet import UNetModel  # noqa: E402


def build(respacing):
    model = UNetModel(in_channels=1, model_channels=32, out_channels=2, num_res_blocks=1, attention_resolutions=(),
                      dropout=0.0, channel_mult=(1, 2, 2, 2), num_classes=None, use_checkpoint=False, num_heads=4,
                      num_heads_upsample=-1, use_scale_shift_norm=True)
    diffusion = create_gaussian_diffusion(steps=1000, learn_sigma=True, sigma_small=False, noise_schedule="cosine",
                                          use_kl=False, predict_xstart=False, rescale_timesteps=True,
                                          rescale_learned_sigmas=True, timestep_respacing=respacing)
    return model, diffusion


def train(args):
    model, diffusion = build("")
    ema = [p.detach().clone() for p in model.parameters()]
    opt = th.optim.AdamW(model.parameters(), lr=5e-4, weight_decay=0.0)
    gen = th.Generator().manual_seed(args.seed)
    times = []
    for _ in range(args.steps):
        start = time.perf_counter()
        x = th.rand(args.batch, 1, 32, 32, generator=gen) * 2 - 1
        t = th.randint(0, diffusion.num_timesteps, (args.batch,), generator=gen)
        loss = diffusion.training_losses(model, x, t)["loss"].mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        with th.no_grad():
            for e, p in zip(ema, model.parameters()):
                e.mul_(0.995).add_(p.detach(), alpha=0.005)
        loss.item()
        times.append(time.perf_counter() - start)
    steady = times[5:] if len(times) > 5 else times
    return {"what": "train", "batch": args.batch, "steps": args.steps, "median_step_seconds": statistics.median(steady),
            "steps_per_second": 1 / statistics.median(steady), "timed_steps": len(steady)}


def sample(args):
    model, diffusion = build(args.respacing)
    model.eval()
    th.manual_seed(args.seed)
    start = time.perf_counter()
    done = 0
    while done < args.count:
        n = min(args.batch, args.count - done)
        diffusion.p_sample_loop(model, (n, 1, 32, 32), clip_denoised=True, progress=False)
        done += n
    seconds = time.perf_counter() - start
    return {"what": "sample", "respacing": args.respacing or "full", "steps": diffusion.num_timesteps,
            "count": args.count, "batch": args.batch, "seconds": seconds, "images_per_second": args.count / seconds}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["train", "sample"])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--count", type=int, default=8)
    parser.add_argument("--respacing", default="")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    th.set_num_threads(args.threads)
    result = train(args) if args.what == "train" else sample(args)
    result.update({"side": "improved-diffusion", "torch": th.__version__, "threads": args.threads})
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
