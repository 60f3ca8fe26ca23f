#!/usr/bin/python3
"""Times the bare OpenCV calls that albumentations 1.3.1 makes for a few transforms, in this Python.

This is a same-run *floor* for albumentations: each albumentations call does at least this work (plus parameter
sampling and its Compose machinery), so its images/second can only be lower. It needs only Debian packages
(python3-opencv 4.6 and python3-numpy, the versions the stored albumentations baseline used).

usage: cv2_floor.py PHOTO_DIR [--images 200] [--repeat 5] [--json FILE]
"""
import argparse
import json
import os
import time

import cv2
import numpy as np


def crops(photo_dir, count, size=256, seed=0):
    """Random size×size RGB crops (random rescale, random horizontal flip) of the scikit-image photos."""
    rng = np.random.RandomState(seed)
    photos = []
    for name in ("astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg"):
        bgr = cv2.imread(os.path.join(photo_dir, name), cv2.IMREAD_COLOR)
        photos.append(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
    out = []
    for i in range(count):
        p = photos[i % len(photos)]
        scale = rng.uniform(size / min(p.shape[:2]), 1.0) if min(p.shape[:2]) > size else size / min(p.shape[:2])
        h, w = max(size, int(round(p.shape[0] * scale))), max(size, int(round(p.shape[1] * scale)))
        p = cv2.resize(p, (w, h), interpolation=cv2.INTER_AREA)
        y, x = rng.randint(0, h - size + 1), rng.randint(0, w - size + 1)
        c = p[y:y + size, x:x + size]
        if rng.rand() < 0.5:
            c = c[:, ::-1]
        out.append(np.ascontiguousarray(c))
    return out


def rrc_window(rng, h, w, scale=(0.08, 1.0), ratio=(3 / 4, 4 / 3)):
    """RandomResizedCrop's window as albumentations 1.3.1 draws it (ten tries, then the centre fallback)."""
    area = h * w
    for _ in range(10):
        target = rng.uniform(*scale) * area
        r = np.exp(rng.uniform(np.log(ratio[0]), np.log(ratio[1])))
        cw, ch = int(round(np.sqrt(target * r))), int(round(np.sqrt(target / r)))
        if 0 < cw <= w and 0 < ch <= h:
            y, x = rng.randint(0, h - ch + 1), rng.randint(0, w - cw + 1)
            return y, x, ch, cw
    return 0, 0, h, w


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("photo_dir")
    ap.add_argument("--images", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json")
    a = ap.parse_args()
    cv2.setNumThreads(0)
    cv2.ocl.setUseOpenCL(False)
    images = crops(a.photo_dir, a.images)
    rng = np.random.RandomState(1)
    mean = np.array([0.485, 0.456, 0.406], dtype=np.float32) * 255
    denominator = np.reciprocal(np.array([0.229, 0.224, 0.225], dtype=np.float32) * 255)

    def rrc(img):
        y, x, ch, cw = rrc_window(rng, *img.shape[:2])
        return cv2.resize(img[y:y + ch, x:x + cw], (224, 224), interpolation=cv2.INTER_LINEAR)

    def normalize(img):
        f = img.astype(np.float32)
        f -= mean
        f *= denominator
        return f

    ops = {
        "HorizontalFlip": lambda img: cv2.flip(img, 1),
        "Blur": lambda img: cv2.blur(img, (5, 5)),
        "GaussianBlur": lambda img: cv2.GaussianBlur(img, (5, 5), 0),
        "MedianBlur": lambda img: cv2.medianBlur(img, 5),
        "Resize": lambda img: cv2.resize(img, (224, 224), interpolation=cv2.INTER_LINEAR),
        "RandomResizedCrop": rrc,
        "ToGray": lambda img: cv2.cvtColor(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB),
        "Normalize": normalize,
    }
    result = {}
    for name, op in ops.items():
        for img in images:  # warm-up pass
            np.ascontiguousarray(op(img))
        per = []
        for _ in range(a.repeat):
            done, t0 = 0, time.perf_counter()
            while True:
                for img in images:
                    np.ascontiguousarray(op(img))
                done += len(images)
                if time.perf_counter() - t0 >= 0.4:
                    break
            per.append(done / (time.perf_counter() - t0))
        result[name] = {"images_per_second": float(np.median(per)), "per_repeat": [round(x, 1) for x in per]}
        print(f"{name:18s} {np.median(per):9.1f} img/s", flush=True)
    report = {
        "header": {
            "what": "bare OpenCV calls of albumentations 1.3.1 transforms, images/second, single thread, median of repeats",
            "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "opencv": cv2.__version__,
            "numpy": np.__version__,
            "images": a.images,
            "repeats": a.repeat,
        },
        "results": result,
    }
    if a.json:
        with open(a.json, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
