package io.sparkdigits.core.model;

import java.io.Serializable;
import java.math.BigDecimal;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * One layer of an {@link Architecture} between its input and its output layer, written as one
 * token of the layer language ({@link #token()}), and built as one of DL4J's own layers.
 */
public sealed interface NetworkLayer extends Serializable {

  /** The layer as the layer language writes it, canonically. */
  String token();

  /** DL4J's layer; {@code activation}: the hidden layers' activation. Sizes of inputs come from DL4J's input types. */
  Layer toDl4j(Activation activation);

  /** A layer that works on images: before the first dense layer only. */
  sealed interface Spatial extends NetworkLayer {
    /** The image this layer gives for {@code in}; null when it would have less than one pixel. */
    Image output(Image in);
  }

  /** Images of {@code height x width} pixels with {@code channels} values each. */
  record Image(int height, int width, int channels) {
    @Override
    public String toString() {
      return height + "x" + width + (channels == 1 ? "" : "x" + channels);
    }
  }

  /**
   * {@code convHxWxF}: F filters of H x W pixels, stride 1, "valid" (no padding: each side of the
   * image shrinks by the kernel's size less one), the hidden activation.
   */
  record Convolution(int kernelHeight, int kernelWidth, int filters) implements Spatial {
    @Override
    public String token() {
      return "conv" + kernelHeight + "x" + kernelWidth + "x" + filters;
    }

    @Override
    public Image output(Image in) {
      int height = in.height() - kernelHeight + 1;
      int width = in.width() - kernelWidth + 1;
      return height < 1 || width < 1 ? null : new Image(height, width, filters);
    }

    @Override
    public Layer toDl4j(Activation activation) {
      return new ConvolutionLayer.Builder(kernelHeight, kernelWidth)
          .stride(1, 1)
          .convolutionMode(ConvolutionMode.Truncate)
          .nOut(filters)
          .activation(activation)
          .build();
    }
  }

  /** {@code poolN}: the maximum of every N x N block, stride N (a partial block at the edge is dropped). */
  record MaxPooling(int size) implements Spatial {
    @Override
    public String token() {
      return "pool" + size;
    }

    @Override
    public Image output(Image in) {
      int height = in.height() / size;
      int width = in.width() / size;
      return height < 1 || width < 1 ? null : new Image(height, width, in.channels());
    }

    @Override
    public Layer toDl4j(Activation activation) {
      return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
          .kernelSize(size, size)
          .stride(size, size)
          .convolutionMode(ConvolutionMode.Truncate)
          .build();
    }
  }

  /** A bare number: a fully connected layer of that many units, the hidden activation. */
  record Dense(int units) implements NetworkLayer {
    @Override
    public String token() {
      return Integer.toString(units);
    }

    @Override
    public Layer toDl4j(Activation activation) {
      return new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(units).activation(activation).build();
    }
  }

  /**
   * {@code dropoutR}: while training, zeroes a fraction R of the previous layer's outputs (each
   * with probability R) and scales the rest by 1/(1-R), as Keras' {@code Dropout(R)}; nothing at
   * inference. (DL4J's own number is the probability of keeping, 1-R.)
   */
  record Dropout(double rate) implements NetworkLayer {
    @Override
    public String token() {
      return "dropout" + BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
    }

    @Override
    public Layer toDl4j(Activation activation) {
      return new DropoutLayer.Builder(1 - rate).build();
    }
  }

  /**
   * {@code bn}: batch normalisation of the previous layer's outputs (per channel after a
   * convolution or pooling, per unit after a dense layer), with learned scale and shift.
   */
  record BatchNorm() implements NetworkLayer {
    @Override
    public String token() {
      return "bn";
    }

    @Override
    public Layer toDl4j(Activation activation) {
      return new BatchNormalization.Builder().build();
    }
  }
}
