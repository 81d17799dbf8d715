"""PyTorch peer of the lstm-train benchmark: one training step of a one-layer nn.LSTM (input 32, hidden 128,
T = 50, batch 32) with a linear read-out of the last hidden state, softmax cross-entropy and plain SGD.
Prints 'PEER sequences_per_second=X dtype=...', the best of several timed rounds (the machine is shared, so the
best round is the one least disturbed by other work; ours is measured the same way)."""
import os
import sys
import time

import torch

torch.set_num_threads(int(os.environ.get("PEER_THREADS", "2")))  # bench/common.sh tries 1 and 2
torch.manual_seed(0)

D, H, T, N, K = 32, 128, 50, 32, 10
dtype = torch.float64 if len(sys.argv) > 1 and sys.argv[1] == "float64" else torch.float32
warmup, batches, rounds = 5, int(sys.argv[2]) if len(sys.argv) > 2 else 10, 3

lstm = torch.nn.LSTM(D, H, num_layers=1, batch_first=True).to(dtype)
readout = torch.nn.Linear(H, K).to(dtype)
optimizer = torch.optim.SGD(list(lstm.parameters()) + list(readout.parameters()), lr=0.01)
x = torch.randn(N, T, D, dtype=dtype)
y = torch.randint(0, K, (N,))


def step():
    optimizer.zero_grad()
    hs, _ = lstm(x)                                   # forward over T steps: [N, T, H]
    loss = torch.nn.functional.cross_entropy(readout(hs[:, -1, :]), y)
    loss.backward()                                    # backpropagation through time
    optimizer.step()                                   # update
    return loss.item()


for _ in range(warmup):
    step()
best = float("inf")
cpu_start = time.process_time()
for _ in range(rounds):
    start = time.perf_counter()
    for _ in range(batches):
        step()
    best = min(best, time.perf_counter() - start)
cpu = time.process_time() - cpu_start
print(f"PEER sequences_per_second={batches * N / best:.1f} dtype={str(dtype).replace('torch.', '')} "
      f"batches={batches} best_of_rounds={rounds} seconds={best:.2f} "
      f"sequences_per_cpu_second={rounds * batches * N / cpu:.1f}")
