"""The numpy side of bench/run matmul: for each shape of shapes.txt, C = op(A) op(B) with numpy's @ in float64
(transposes as views, so numpy hands them to its BLAS as transposed arguments), timed for about 0.2 s per round,
best of ROUNDS rounds. Prints "shape NAME gflops=X" per shape.

Usage: /usr/bin/python3 peer.py SHAPES_FILE ROUNDS
"""
import sys
import time

import numpy as np


def main():
    shapes_file, rounds = sys.argv[1], int(sys.argv[2])
    rng = np.random.default_rng(1)
    for line in open(shapes_file):
        if not line.strip() or line.startswith("#"):
            continue
        name, m, n, k, op_a, op_b = line.split()[:6]
        m, n, k = int(m), int(n), int(k)
        a = rng.standard_normal((k, m)).T if op_a == "T" else rng.standard_normal((m, k))
        b = rng.standard_normal((n, k)).T if op_b == "T" else rng.standard_normal((k, n))
        c = np.empty((m, n))
        flops = 2.0 * m * n * k
        calls = int(max(1, min(1_000_000, 4e8 / flops)))
        best = 0.0
        for round_ in range(rounds + 1):  # round 0 warms up
            start = time.perf_counter()
            for _ in range(calls):
                np.matmul(a, b, out=c)
            seconds = time.perf_counter() - start
            if round_ > 0:
                best = max(best, calls * flops / seconds / 1e9)
        print(f"shape {name} gflops={best:.2f}")


main()
