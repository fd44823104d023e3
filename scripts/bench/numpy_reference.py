#!/usr/bin/env python3
"""The benchmark's outside reference: the same dense network trained by a plain numpy script.

784-128-10 (or the --layers given), ReLU hidden layers, softmax with cross-entropy, Adam with the
learning rate decaying per epoch, the given minibatch, float32. Weights start He-normal, biases at
zero; every epoch draws minibatches from a new random order of the examples.
Writes a measurement in the form of the Java benchmarks (jobs/src/test/.../bench/Measurement.java).

    numpy_reference.py MNIST_DIR RESULT_JSON [--layers 784-128-10] [--batch-size 64] [--epochs 3]
                       [--learning-rate 0.004] [--learning-rate-decay 0.8] [--seed 42]
"""
import argparse
import gzip
import json
import os
import time

import numpy as np


def read_idx(directory, name):
    """An IDX file of MNIST's names, raw or gzip'd, as a uint8 array shaped as its header says."""
    path = os.path.join(directory, name)
    opener = open if os.path.exists(path) else gzip.open
    with opener(path if os.path.exists(path) else path + ".gz", "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(directory, prefix):
    images = read_idx(directory, prefix + "-images-idx3-ubyte")
    labels = read_idx(directory, prefix + "-labels-idx1-ubyte")
    return images.reshape(len(images), -1).astype(np.float32) / 255, labels.astype(np.int64)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mnist")
    parser.add_argument("result")
    parser.add_argument("--layers", default="784-128-10")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--learning-rate", type=float, default=0.004)
    parser.add_argument("--learning-rate-decay", type=float, default=0.8)
    parser.add_argument("--seed", type=int, default=42)
    args, _ = parser.parse_known_args()  # the pipeline's other options do not apply here

    x_train, y_train = load(args.mnist, "train")
    x_test, y_test = load(args.mnist, "t10k")
    sizes = [int(s) for s in args.layers.split("-")]
    rng = np.random.default_rng(args.seed)
    params = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        params.append(rng.normal(0, np.sqrt(2 / n_in), (n_in, n_out)).astype(np.float32))
        params.append(np.zeros(n_out, np.float32))
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    beta1, beta2, eps, step = 0.9, 0.999, 1e-8, 0

    def forward(x):
        activations = [x]
        for i in range(0, len(params), 2):
            z = activations[-1] @ params[i] + params[i + 1]
            activations.append(np.maximum(z, 0) if i + 2 < len(params) else z)
        return activations

    epochs = []
    for epoch in range(1, args.epochs + 1):
        rate = args.learning_rate * args.learning_rate_decay ** (epoch - 1)
        order = rng.permutation(len(x_train))
        start = time.perf_counter()
        for first in range(0, len(order), args.batch_size):
            batch = order[first:first + args.batch_size]
            activations = forward(x_train[batch])
            logits = activations[-1]
            probabilities = np.exp(logits - logits.max(axis=1, keepdims=True))
            probabilities /= probabilities.sum(axis=1, keepdims=True)
            delta = probabilities
            delta[np.arange(len(batch)), y_train[batch]] -= 1
            delta /= len(batch)
            gradients = [None] * len(params)
            for i in range(len(params) - 2, -1, -2):
                gradients[i] = activations[i // 2].T @ delta
                gradients[i + 1] = delta.sum(axis=0)
                if i > 0:
                    delta = (delta @ params[i].T) * (activations[i // 2] > 0)
            step += 1
            correction = np.sqrt(1 - beta2 ** step) / (1 - beta1 ** step)
            for p, g, mp, vp in zip(params, gradients, m, v):
                mp *= beta1
                mp += (1 - beta1) * g
                vp *= beta2
                vp += (1 - beta2) * g * g
                p -= rate * correction * mp / (np.sqrt(vp) + eps)
        seconds = time.perf_counter() - start
        accuracy = float((forward(x_test)[-1].argmax(axis=1) == y_test).mean())
        print(f"numpy epoch {epoch}: {seconds:.2f} s, test accuracy {100 * accuracy:.2f}%")
        epochs.append({"epoch": epoch, "seconds": seconds, "testAccuracy": accuracy})

    threads = os.environ.get("OMP_NUM_THREADS")
    setting = f"OMP_NUM_THREADS={threads}" if threads else "OMP_NUM_THREADS unset (one thread per CPU)"
    with open(args.result, "w") as out:
        json.dump({"way": "plain numpy script (reference)", "setting": f"numpy {np.__version__}, {setting}",
                   "cores": len(os.sched_getaffinity(0)), "trainExamples": len(x_train), "epochs": epochs,
                   "peakHeapBytes": 0, "ingest": None}, out, indent=2)


if __name__ == "__main__":
    main()
