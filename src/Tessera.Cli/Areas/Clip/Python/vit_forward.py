"""ViT forward timing with the system's PyTorch (used by `tessera bench nn --pytorch`).

Builds the same network as Tessera's benchmark ViT (timm vit_base_patch16_224 layout: conv patch
embedding, class token, learned positions, pre-norm blocks with fused qkv, exact GELU MLP, final norm,
linear head on the class token) with random weights and prints one JSON object with the median forward
time per batch size. Attention is written out (softmax(q k^T / sqrt(d)) v) because PyTorch 1.13 has no
scaled_dot_product_attention.
"""
import argparse
import json
import math
import statistics
import time

import torch
from torch import nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, width, heads, mlp):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(width, eps=1e-6)
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.norm2 = nn.LayerNorm(width, eps=1e-6)
        self.fc1 = nn.Linear(width, mlp)
        self.fc2 = nn.Linear(mlp, width)

    def forward(self, x):
        b, n, c = x.shape
        d = c // self.heads
        q, k, v = self.qkv(self.norm1(x)).reshape(b, n, 3, self.heads, d).permute(2, 0, 3, 1, 4)
        a = torch.softmax((q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(d)), dim=-1) @ v
        x = x + self.proj(a.transpose(1, 2).reshape(b, n, c))
        return x + self.fc2(F.gelu(self.fc1(self.norm2(x))))


class Vit(nn.Module):
    def __init__(self, image, patch, width, depth, heads, mlp, classes):
        super().__init__()
        tokens = (image // patch) ** 2 + 1
        self.patch = nn.Conv2d(3, width, patch, stride=patch)
        self.cls = nn.Parameter(torch.randn(1, 1, width) * 0.02)
        self.pos = nn.Parameter(torch.randn(1, tokens, width) * 0.02)
        self.blocks = nn.ModuleList([Block(width, heads, mlp) for _ in range(depth)])
        self.norm = nn.LayerNorm(width, eps=1e-6)
        self.head = nn.Linear(width, classes)

    def forward(self, x):
        x = self.patch(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], dim=1) + self.pos
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x)[:, 0])


CONFIGS = {
    "b16": (224, 16, 768, 12, 12, 3072, 1000),
    "tiny": (32, 8, 64, 2, 4, 256, 10),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="b16", choices=sorted(CONFIGS))
    parser.add_argument("--batch", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    config = CONFIGS[args.model]
    model = Vit(*config).eval()
    results = []
    with torch.no_grad():
        for batch in args.batch:
            x = torch.randn(batch, 3, config[0], config[0])
            for _ in range(args.warmup):
                model(x)
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                model(x)
                times.append((time.perf_counter() - start) * 1000.0)
            results.append({"batch": batch, "ms": statistics.median(times)})
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "results": results}))


if __name__ == "__main__":
    main()
