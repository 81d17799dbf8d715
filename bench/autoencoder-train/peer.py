"""PyTorch side of bench/autoencoder-train: the same sigmoid 784-256-784 autoencoder, one warm-up epoch and one
timed epoch on the 10,000 MNIST digits of datasets/, mini-batches of 64, squared error summed over pixels and averaged over
the batch, plain SGD, float32 on the CPU with 2 threads. Prints "PEER images_per_second=X loss=L seconds=S cpu_seconds=C"."""
import gzip
import os
import sys
import time

import numpy as np
import torch

torch.set_num_threads(int(os.environ.get("PEER_THREADS", "2")))  # bench/common.sh tries 1 and 2
torch.manual_seed(1)

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "datasets")
with gzip.open(os.path.join(root, "mnist-10k-images-idx3-ubyte.gz"), "rb") as f:
    raw = f.read()
magic, n, rows, cols = np.frombuffer(raw[:16], dtype=">i4")
assert magic == 0x803, "not an IDX image file"
x = torch.from_numpy(np.frombuffer(raw[16:], dtype=np.uint8).reshape(n, rows * cols).astype(np.float32) / 255.0)

model = torch.nn.Sequential(
    torch.nn.Linear(784, 256), torch.nn.Sigmoid(),
    torch.nn.Linear(256, 784), torch.nn.Sigmoid())
sgd = torch.optim.SGD(model.parameters(), lr=0.1)
order = torch.randperm(n, generator=torch.Generator().manual_seed(2))
batches = [order[i:i + 64] for i in range(0, n, 64)]


def step(batch):
    xb = x[batch]
    z = model(xb)
    # L = (1/N) sum_i ||z_i - x_i||^2, as ours
    loss = ((z - xb) ** 2).sum() / xb.shape[0]
    sgd.zero_grad()
    loss.backward()
    sgd.step()
    return loss.item()


warm_order = torch.randperm(n, generator=torch.Generator().manual_seed(1))
for i in range(0, n, 64):
    step(warm_order[i:i + 64])  # warm-up: one epoch, as ours
cpu_start = time.process_time()
start = time.perf_counter()
total = 0.0
for b in batches:
    total += step(b)
seconds = time.perf_counter() - start
cpu_seconds = time.process_time() - cpu_start
print("PEER images_per_second=%.1f loss=%.4f seconds=%.2f cpu_seconds=%.2f"
      % (n / seconds, total / len(batches), seconds, cpu_seconds))
