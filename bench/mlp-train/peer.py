"""PyTorch side of bench mlp-train: the same 784-256-10 ReLU network, softmax cross-entropy, SGD, batch 64,
float32, 2 threads, on the same 8,000 training digits (read from the same IDX files; the split is a
different random 8,000 of the 10,000, which does not change the speed). One warm-up epoch, then EPOCHS timed
epochs. Prints "PEER images_per_s=X test_accuracy=A seconds=S cpu_seconds=C"."""
import gzip
import struct
import os
import sys
import time

import numpy as np
import torch

torch.set_num_threads(int(os.environ.get("PEER_THREADS", "2")))  # bench/common.sh tries 1 and 2
torch.manual_seed(1)
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
folder = sys.argv[1]


def read_idx(path):
    with gzip.open(path) as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = struct.unpack(">" + "I" * (magic & 0xFF), f.read(4 * (magic & 0xFF)))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


images = read_idx(f"{folder}/mnist-10k-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255.0
labels = read_idx(f"{folder}/mnist-10k-labels-idx1-ubyte.gz").astype(np.int64)
order = np.random.default_rng(1).permutation(len(images))
test_idx, train_idx = order[:2000], order[2000:]
x_train, y_train = torch.from_numpy(images[train_idx]), torch.from_numpy(labels[train_idx])
x_test, y_test = torch.from_numpy(images[test_idx]), torch.from_numpy(labels[test_idx])

net = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
loss_fn = torch.nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(net.parameters(), lr=0.1)


def epoch(seed):
    g = torch.Generator().manual_seed(seed)
    perm = torch.randperm(len(x_train), generator=g)
    for start in range(0, len(x_train), 64):
        idx = perm[start:start + 64]
        xb, yb = x_train[idx], y_train[idx]
        optimizer.zero_grad()
        loss = loss_fn(net(xb), yb)
        loss.backward()
        optimizer.step()


epoch(0)
start = time.perf_counter()
cpu_start = time.process_time()
for e in range(epochs):
    epoch(e + 1)
seconds = time.perf_counter() - start
cpu_seconds = time.process_time() - cpu_start
with torch.no_grad():
    accuracy = (net(x_test).argmax(1) == y_test).float().mean().item()
print(f"PEER images_per_s={epochs * len(x_train) / seconds:.1f} test_accuracy={accuracy:.4f} seconds={seconds:.2f}"
      f" cpu_seconds={cpu_seconds:.2f}")
