"""Times albumentations transforms for `tessera bench augment --albumentations`, one request at a time.

The C# side starts this script once, with PYTHONPATH holding the albumentations (and qudida) sources, and keeps it
running, so that each transform can be timed alternately by Tessera and by albumentations in the same sitting.

usage: python3 albumentations_timing.py IMAGES.u8 COUNT SIZE TRANSFORMS.json MIN_SECONDS
  IMAGES.u8        COUNT images of SIZE x SIZE x 3 uint8 (RGB), raw bytes, one after the other
  TRANSFORMS.json  {name: albumentations to_dict output}
stdin:  one transform name per line
stdout: one JSON object per line: first {"ready": ...}, then per request
        {"name", "images_per_second" (wall), "images_per_second_cpu", "images"} or {"name", "error"}
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import cv2  # noqa: E402
import numpy as np  # noqa: E402

warnings.simplefilter("ignore")
cv2.setNumThreads(0)
cv2.ocl.setUseOpenCL(False)

import albumentations as A  # noqa: E402


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def one_pass(transform, images):
    # as the stored baseline: p = 1, parameters sampled per call, the output made a contiguous array and dropped
    for img in images:
        np.ascontiguousarray(transform(image=img)["image"])


def main():
    path, count, size, transforms_path, min_seconds = sys.argv[1:6]
    count, size, min_seconds = int(count), int(size), float(min_seconds)
    pixels = np.fromfile(path, dtype=np.uint8)
    if pixels.size != count * size * size * 3:
        raise SystemExit(f"{path}: {pixels.size} bytes, expected {count} x {size} x {size} x 3")
    images = [np.ascontiguousarray(a) for a in pixels.reshape(count, size, size, 3)]
    with open(transforms_path, encoding="utf-8") as f:
        serialized = json.load(f)
    built = {}
    reply({"ready": True, "albumentations": A.__version__, "opencv": cv2.__version__, "numpy": np.__version__,
           "python": sys.version.split()[0]})
    for line in sys.stdin:
        name = line.strip()
        if not name:
            continue
        try:
            if name not in built:
                built[name] = A.from_dict(serialized[name])
                one_pass(built[name], images)  # warm-up, untimed
            transform = built[name]
            done = 0
            cpu0 = time.process_time()
            t0 = time.perf_counter()
            while True:
                one_pass(transform, images)
                done += len(images)
                if time.perf_counter() - t0 >= min_seconds:
                    break
            wall = time.perf_counter() - t0
            cpu = time.process_time() - cpu0
            reply({"name": name, "images": done, "images_per_second": done / wall,
                   "images_per_second_cpu": done / max(cpu, 1e-9)})
        except Exception as e:  # noqa: BLE001 - reported to the caller, which names the transform
            reply({"name": name, "error": f"{type(e).__name__}: {e}"})


if __name__ == "__main__":
    main()
