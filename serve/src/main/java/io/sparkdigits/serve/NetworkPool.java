package io.sparkdigits.serve;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

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

  /** The network's output for {@code features}, by the first copy free. */
  INDArray output(INDArray features) {
    MultiLayerNetwork network;
    try {
      network = idle.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a free copy of the network", e);
    }
    try {
      return network.output(features, false);
    } finally {
      idle.add(network);
    }
  }
}
