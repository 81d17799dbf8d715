"""The PyTorch side of bench/lenet5-train: the same LeNet-5 as dlcourse.cnn.LeNet5.create (ReLU, 2x2 average
pooling, C3 connected to all of S2, C5 as a 5x5 convolution), trained the same way (SGD with momentum 0.9,
learning rate 0.05, batch 64, softmax cross-entropy) on the same split of the same MNIST subset, on the CPU.

Usage: /usr/bin/python3 peer.py DATASETS_DIR EPOCHS DTYPE [THREADS]   (DTYPE float32 or float64, THREADS 2)
"""
import gzip
import os
import sys
import time

import numpy as np
import torch
from torch import nn

BATCH = 64
WARMUP_STEPS = 125  # one epoch's worth, as ours (and as in mlp-train and autoencoder-train)


def read_idx(path, header):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read()[header:], dtype=np.uint8)


def lenet5():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.ReLU(), nn.AvgPool2d(2, 2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.AvgPool2d(2, 2),
        nn.Conv2d(16, 120, 5), nn.ReLU(), nn.Flatten(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10))


def main():
    datasets, epochs, dtype_name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    dtype = {"float32": torch.float32, "float64": torch.float64}[dtype_name]
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else int(os.environ.get("PEER_THREADS", "2"))
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    labels = read_idx(f"{datasets}/mnist-10k-labels-idx1-ubyte.gz", 8).astype(np.int64)
    images = read_idx(f"{datasets}/mnist-10k-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28) / 255.0
    # within each class, every fifth digit in file order is held out (as in Bench.java)
    seen = np.zeros(10, dtype=np.int64)
    is_test = np.zeros(len(labels), dtype=bool)
    for i, label in enumerate(labels):
        is_test[i] = seen[label] % 5 == 0
        seen[label] += 1
    padded = np.zeros((len(labels), 1, 32, 32))
    padded[:, 0, 2:30, 2:30] = images
    x = torch.tensor(padded, dtype=dtype)
    y = torch.tensor(labels)
    train_x, train_y = x[~torch.tensor(is_test)], y[~torch.tensor(is_test)]
    test_x, test_y = x[torch.tensor(is_test)], y[torch.tensor(is_test)]
    n = len(train_y)

    loss_fn = nn.CrossEntropyLoss()
    warm = lenet5().to(dtype)
    generator = torch.Generator().manual_seed(7)
    for _ in range(WARMUP_STEPS):
        batch = torch.randint(0, n, (BATCH,), generator=generator)
        loss_fn(warm(train_x[batch]), train_y[batch]).backward()

    net = lenet5().to(dtype)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    train_seconds, cpu_seconds, images_seen = 0.0, 0.0, 0
    for epoch in range(1, epochs + 1):
        order = torch.randperm(n, generator=generator)
        start = time.perf_counter()
        cpu_start = time.process_time()
        steps, loss_sum = 0, 0.0
        net.train()
        for begin in range(0, n - BATCH + 1, BATCH):
            batch = order[begin:begin + BATCH]
            optimizer.zero_grad()
            loss = loss_fn(net(train_x[batch]), train_y[batch])
            loss.backward()
            optimizer.step()
            loss_sum += loss.item()
            steps += 1
        seconds = time.perf_counter() - start
        train_seconds += seconds
        cpu_seconds += time.process_time() - cpu_start
        images_seen += steps * BATCH
        with torch.no_grad():
            accuracy = (net(test_x).argmax(1) == test_y).double().mean().item()
        print(f"peer {dtype_name} ({threads} threads) epoch {epoch}: loss {loss_sum / steps:.4f}, "
              f"{steps * BATCH / seconds:.0f} images/s, test accuracy {accuracy:.4f}")
    print(f"peer {dtype_name} images_per_s={images_seen / train_seconds:.1f} accuracy={accuracy:.4f} "
          f"train_seconds={train_seconds:.1f} cpu_seconds={cpu_seconds:.1f} epochs={epochs}")


if __name__ == "__main__":
    main()
