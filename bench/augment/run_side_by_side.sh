#!/usr/bin/env bash
# Runs, in one sitting, the bare-OpenCV floor of albumentations (cv2_floor.py, Debian python3-opencv 4.6) and
# `tessera bench augment`, on crops of the same scikit-image photos. Writes both JSON reports to OUT_DIR.
#   bench/augment/run_side_by_side.sh [OUT_DIR] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-out/bench-augment}
rounds=${2:-2}
photos=/tmp/skimage/usr/lib/python3/dist-packages/skimage/data
if [ ! -f "$photos/astronaut.png" ]; then
  (cd /tmp && apt-get download python3-skimage && dpkg-deb -x python3-skimage_*.deb /tmp/skimage)
fi
if ! /usr/bin/python3 -c 'import cv2, numpy' 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y python3-opencv python3-numpy >/dev/null; else echo "needs: apt-get install python3-opencv python3-numpy" >&2; exit 1; fi
fi
mkdir -p "$out"
./build.sh build
for r in $(seq 1 "$rounds"); do
  echo "round $r $(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)"
  /usr/bin/python3 bench/augment/cv2_floor.py "$photos" --images 200 --repeat 5 --json "$out/cv2-floor-$r.json" 2>/dev/null
  dotnet src/Tessera.Cli/bin/Release/net10.0/tessera.dll bench augment --transforms all --count 200 --repeat 5 \
    --clock wall --workers 2 --photos "$photos" --out "$out/tessera-$r.json"
done
