package io.sparkdigits.serve;

import io.sparkdigits.core.model.NetworkOutput;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Copies of one network, each answering one request at a time. A {@link MultiLayerNetwork} keeps
 * its input and activations in fields of its layers during a forward pass, so two threads in
 * {@code output} of one instance could mix their images: each caller borrows a copy of its own,
 * waiting while all are busy. As many copies as cores: a forward pass of a few images runs on one
 * thread (the measurement behind that is in docs/serving.md).
 */
final class NetworkPool {
  private final BlockingQueue<MultiLayerNetwork> idle;

  NetworkPool(MultiLayerNetwork network, int copies) {
    idle = new ArrayBlockingQueue<>(copies);
    idle.add(network);
    for (int i = 1; i < copies; i++) {
      idle.add(network.clone());
    }
  }

  /** The network's output for {@code images}, each {@code pixels} unsigned bytes, by the first copy free. */
  NetworkOutput output(List<byte[]> images, int pixels) {
    MultiLayerNetwork network;
    try {
      network = idle.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a free copy of the network", e);
    }
    try {
      return NetworkOutput.of(network, images, pixels);
    } finally {
      idle.add(network);
    }
  }
}
