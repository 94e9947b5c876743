#!/usr/bin/env python3
"""The native baseline of `npm run bench`: Adam training steps of a ReLU MLP with label smoothing,
written directly in numpy (OpenBLAS), on random inputs. Its throughput is what a plain native CPU
implementation reaches on the same machine, so the browser's figure is reported as a ratio to it.

Options (same meaning as the browser bench): --in --hidden --layers --classes --batch --models
--steps --alpha; --json prints one JSON object with model_samples_per_s.
"""
import argparse
import json
import time

import numpy as np


def parse():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--in", dest="inputs", type=int, default=784)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--layers", type=int, default=1)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--models", type=int, default=1)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--alpha", type=float, default=0.1)
    ap.add_argument("--json", action="store_true")
    return ap.parse_args()


class Mlp:
    """Weights (He initialisation) and Adam moments of one model, float32 throughout."""

    def __init__(self, widths, rng):
        self.w = [(rng.standard_normal((m, n)) * np.sqrt(2.0 / m)).astype(np.float32) for m, n in zip(widths, widths[1:])]
        self.b = [np.zeros(n, np.float32) for n in widths[1:]]
        self.params = self.w + self.b
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.t = 0

    def train_step(self, x, target, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
        acts = [x]
        for w, b in zip(self.w[:-1], self.b[:-1]):
            acts.append(np.maximum(acts[-1] @ w + b, 0.0))
        logits = acts[-1] @ self.w[-1] + self.b[-1]
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        # ∂L_LS/∂v = softmax(v) − y_LS, averaged over the batch.
        delta = (e / e.sum(axis=1, keepdims=True) - target) / len(x)
        gw = [None] * len(self.w)
        gb = [None] * len(self.b)
        for layer in reversed(range(len(self.w))):
            gw[layer] = acts[layer].T @ delta
            gb[layer] = delta.sum(axis=0)
            if layer:
                delta = (delta @ self.w[layer].T) * (acts[layer] > 0)
        self.t += 1
        c1 = 1 - b1**self.t
        c2 = 1 - b2**self.t
        # New moment arrays each step: numpy's in-place updates of them measured 3x slower here.
        for i, g in enumerate(gw + gb):
            self.m[i] = b1 * self.m[i] + (1 - b1) * g
            self.v[i] = b2 * self.v[i] + (1 - b2) * g**2
            self.params[i] -= lr * (self.m[i] / c1) / (np.sqrt(self.v[i] / c2) + eps)


def main():
    a = parse()
    rng = np.random.default_rng(0)
    pool = 4096
    x = rng.random((pool, a.inputs), dtype=np.float32)
    labels = rng.integers(0, a.classes, pool)
    target = np.full((pool, a.classes), a.alpha / a.classes, np.float32)
    target[np.arange(pool), labels] += 1 - a.alpha
    widths = [a.inputs] + [a.hidden] * a.layers + [a.classes]
    models = [Mlp(widths, rng) for _ in range(a.models)]

    def run(steps, start):
        for s in range(start, start + steps):
            o = (s * a.batch) % (pool - a.batch)
            for model in models:
                model.train_step(x[o : o + a.batch], target[o : o + a.batch])

    run(20, 0)  # warm-up: page faults, BLAS thread start
    t0 = time.perf_counter()
    run(a.steps, 20)
    dt = time.perf_counter() - t0
    out = {
        "steps_per_s": a.steps / dt,
        "model_samples_per_s": a.steps * a.batch * a.models / dt,
        "config": vars(a),
    }
    print(json.dumps(out) if a.json else f"{out['model_samples_per_s']:.0f} model-samples/s ({out['steps_per_s']:.1f} steps/s)")


if __name__ == "__main__":
    main()
