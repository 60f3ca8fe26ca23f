"""Runs albumentations 1.3.1 for Tessera's interop tests (tests/Tessera.Augment.Tests/Interop).

Usage: python3 albumentations_peer.py COMMAND ARGS...  (PYTHONPATH holds the albumentations and qudida sources)
  load DIR                      A.load every .json/.yaml file of DIR; prints {"file": "ok" | error}
  to_dict OUT_DIR NAME...       writes A.to_dict of each transform built with test arguments to OUT_DIR/NAME.json
  run PIPELINE IMAGE OUT.npy    loads a pipeline, applies it to an RGB image, saves the image array
  replay OUT_DIR IMAGE          runs a ReplayCompose (Affine included) with a fixed seed; writes replay.json, replayed.npy
  resave IN OUT                 A.load then A.save (so OUT is written by albumentations)
  apply_replay REPLAY IMAGE OUT replays a saved replay dict on an image, saves the image array
"""
import json
import os
import random
import sys
import warnings

import cv2
import numpy as np

warnings.simplefilter("ignore")
cv2.setNumThreads(0)
import albumentations as A  # noqa: E402

try:  # registers ToTensorV2; needs python3-torch
    import albumentations.pytorch  # noqa: F401,E402
    HAS_TORCH = True
except ImportError:
    HAS_TORCH = False


def to_json(o):
    """Replay params hold numpy values and skimage transforms (Affine's matrix): numbers, lists and 3×3 matrices."""
    if hasattr(o, "params"):
        return o.params.tolist()
    if hasattr(o, "tolist"):
        return o.tolist()
    raise TypeError(f"cannot serialize {type(o).__name__}")


def restore_matrices(node):
    """The inverse of to_json for a saved replay dict: Affine's matrix becomes a ProjectiveTransform again."""
    import skimage.transform
    if isinstance(node, dict):
        if node.get("__class_fullname__", "").endswith("Affine") and isinstance(node.get("params"), dict):
            m = node["params"].get("matrix")
            if isinstance(m, dict):  # Tessera's tagged form {"__skimage_transform__": "ProjectiveTransform", "matrix": [[...]]}
                m = m.get("matrix")
            if m is not None:
                node["params"]["matrix"] = skimage.transform.ProjectiveTransform(matrix=np.array(m, dtype=np.float64))
        for v in node.values():
            restore_matrices(v)
    elif isinstance(node, list):
        for v in node:
            restore_matrices(v)

ARGS = {
    "Resize": dict(height=32, width=40), "CenterCrop": dict(height=30, width=40), "RandomCrop": dict(height=30, width=40),
    "Crop": dict(x_min=3, y_min=4, x_max=50, y_max=40), "RandomResizedCrop": dict(height=32, width=40),
    "RandomSizedCrop": dict(min_max_height=(20, 40), height=32, width=32), "RandomSizedBBoxSafeCrop": dict(height=32, width=32),
    "CropNonEmptyMaskIfExists": dict(height=20, width=24), "FDA": dict(reference_images=["a.png"]),
    "HistogramMatching": dict(reference_images=["a.png"]), "PadIfNeeded": dict(min_height=64, min_width=80),
    "Affine": dict(scale=(0.8, 1.2), rotate=(-20, 20), shear={"x": (-5, 5), "y": (0, 0)}),
}


def read_rgb(path):
    return cv2.cvtColor(cv2.imread(path, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)


def main(argv):
    cmd = argv[0]
    if cmd == "load":
        out = {}
        for f in sorted(os.listdir(argv[1])):
            path = os.path.join(argv[1], f)
            fmt = "yaml" if f.endswith(".yaml") else "json"
            try:
                A.load(path, data_format=fmt)
                out[f] = "ok"
            except Exception as e:  # noqa: BLE001 - every failure is reported by name
                out[f] = f"{type(e).__name__}: {e}"
        print(json.dumps(out))
    elif cmd == "to_dict":
        out = {}
        for name in argv[2:]:
            try:
                t = getattr(A, name)(**ARGS.get(name, {}))
                with open(os.path.join(argv[1], name + ".json"), "w") as fh:
                    json.dump(A.to_dict(t), fh)
                out[name] = "ok"
            except Exception as e:  # noqa: BLE001
                out[name] = f"{type(e).__name__}: {e}"
        print(json.dumps(out))
    elif cmd == "run":
        pipeline = A.load(argv[1], data_format="yaml" if argv[1].endswith(".yaml") else "json")
        random.seed(0)
        np.random.seed(0)
        np.save(argv[3], pipeline(image=read_rgb(argv[2]))["image"])
    elif cmd == "replay":
        random.seed(7)
        np.random.seed(7)
        pipeline = A.ReplayCompose([
            A.Affine(scale=(0.8, 1.2), translate_percent={"x": (-0.1, 0.1), "y": (0, 0.05)}, rotate=(-20, 20), p=1),
            A.HorizontalFlip(p=0.5), A.RandomBrightnessContrast(p=1), A.RandomCrop(height=40, width=48, p=1)])
        result = pipeline(image=read_rgb(argv[2]))
        with open(os.path.join(argv[1], "replay.json"), "w") as fh:
            json.dump(result["replay"], fh, default=to_json)
        np.save(os.path.join(argv[1], "replayed.npy"), result["image"])
    elif cmd == "has_torch":
        print(json.dumps({"torch": HAS_TORCH}))
    elif cmd == "resave":
        fmt = "yaml" if argv[1].endswith(".yaml") else "json"
        A.save(A.load(argv[1], data_format=fmt), argv[2], data_format="yaml" if argv[2].endswith(".yaml") else "json")
    elif cmd == "apply_replay":
        with open(argv[1]) as fh:
            saved = json.load(fh)
        restore_matrices(saved)
        np.save(argv[3], A.ReplayCompose.replay(saved, image=read_rgb(argv[2]))["image"])
    else:
        raise SystemExit(f"unknown command {cmd}")


if __name__ == "__main__":
    main(sys.argv[1:])
