package io.sparkdigits.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.model.NetworkLayer.BatchNorm;
import io.sparkdigits.core.model.NetworkLayer.Convolution;
import io.sparkdigits.core.model.NetworkLayer.Dense;
import io.sparkdigits.core.model.NetworkLayer.Dropout;
import io.sparkdigits.core.model.NetworkLayer.Image;
import io.sparkdigits.core.model.NetworkLayer.MaxPooling;
import io.sparkdigits.core.model.NetworkLayer.Spatial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The layers of a network, as the layer language writes them: tokens joined by {@code -}, such as
 * {@code 784-128-10} or {@code conv5x5x20-pool2-conv5x5x50-pool2-500-10}. The first token may be
 * the input ({@code 784} values, or {@code 28x28} images), checked against the data, and taken
 * from the data when left out; then the hidden {@link NetworkLayer}s; the last token is the number
 * of classes, a softmax output layer. Convolutions and pooling come before the first dense layer,
 * which flattens the image. {@link #describe()} writes it back canonically, and JSON holds it in
 * that form.
 */
public record Architecture(Input input, List<NetworkLayer> layers, int classes) implements Serializable {
  private static final Pattern NUMBER = Pattern.compile("\\d+");
  private static final Pattern IMAGE = Pattern.compile("(\\d+)x(\\d+)");
  private static final Pattern CONVOLUTION = Pattern.compile("conv(\\d+)x(\\d+)x(\\d+)");
  private static final Pattern POOLING = Pattern.compile("pool(\\d+)");
  private static final Pattern DROPOUT = Pattern.compile("dropout(\\d*\\.?\\d+)");
  private static final String GRAMMAR = "a layer is a number (dense units), convHxWxF (F filters of HxW), poolN "
      + "(NxN max-pooling), dropoutR (drop a fraction R, 0<R<1) or bn (batch normalisation)";

  /**
   * The network's input as written: {@code size} values, which {@code image} (null when written as
   * a bare number) arranges as rows x columns.
   */
  public record Input(int size, Image image) implements Serializable {
    static Input flat(int size) {
      return new Input(size, null);
    }

    static Input ofImage(int rows, int columns) {
      return new Input(Math.multiplyExact(rows, columns), new Image(rows, columns, 1));
    }

    String token() {
      return image == null ? Integer.toString(size) : image.height() + "x" + image.width();
    }
  }

  public Architecture {
    layers = List.copyOf(layers);
    String text = describe(input, layers, classes);
    if (input != null && input.size() < 1) {
      throw new UsageException("the input of " + text + " must have at least 1 value, got " + input.token());
    }
    if (classes < 2) {
      throw new UsageException("the output layer of " + text + " needs at least 2 classes, got " + classes);
    }
    for (int i = 0, firstDense = -1; i < layers.size(); i++) {
      NetworkLayer layer = layers.get(i);
      if (layer instanceof Dense && firstDense < 0) {
        firstDense = i;
      } else if (layer instanceof Spatial && firstDense >= 0) {
        throw new UsageException(at(text, layer) + " follows the dense layer '" + layers.get(firstDense).token()
            + "': convolutions and pooling come before the first dense layer, which flattens the image");
      }
    }
  }

  /** A network of dense layers: {@code sizes} from input to output, as {@code 784-128-10} writes them. */
  public static Architecture dense(List<Integer> sizes) {
    if (sizes.size() < 2) {
      throw new UsageException("a network needs at least an input and an output size, got " + sizes);
    }
    return parse(sizes.stream().map(String::valueOf).collect(Collectors.joining("-")));
  }

  /**
   * Parses the layer language; tokens may also be joined by commas, and case does not matter.
   * Nonsense fails with one line naming the token and what is wrong with it.
   */
  @JsonCreator
  public static Architecture parse(String text) {
    String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (trimmed.isEmpty()) {
      throw new UsageException("no layers given: write them like 784-128-10 or conv5x5x20-pool2-500-10");
    }
    List<String> tokens = List.of(trimmed.split("\\s*[-,]\\s*", -1));
    Input input = null;
    int first = 0;
    if (tokens.size() > 1 && (NUMBER.matcher(tokens.get(0)).matches() || IMAGE.matcher(tokens.get(0)).matches())) {
      input = input(tokens.get(0), trimmed);
      first = 1;
    }
    String last = tokens.get(tokens.size() - 1);
    if (!NUMBER.matcher(last).matches()) {
      throw new UsageException("layers " + trimmed + " must end with the output layer, the number of classes"
          + (last.isEmpty() ? "" : ", not '" + last + "'"));
    }
    List<NetworkLayer> layers = new ArrayList<>();
    for (String token : tokens.subList(first, tokens.size() - 1)) {
      layers.add(layer(token, trimmed));
    }
    return new Architecture(input, layers, number(last, trimmed));
  }

  /** The canonical text, which {@link #parse} reads back to an equal architecture. */
  @JsonValue
  public String describe() {
    return describe(input, layers, classes);
  }

  @Override
  public String toString() {
    return describe();
  }

  /** The number of values each example gives the network; 0 when it is taken from the data. */
  public int inputSize() {
    return input == null ? 0 : input.size();
  }

  /** Whether the network sees its input as an image: it starts with convolutions or pooling. */
  public boolean spatial() {
    return layers.stream().anyMatch(Spatial.class::isInstance);
  }

  /** Whether this is a list of dense layer sizes, input to output, as before the layer language: 784-128-10. */
  public boolean isDense() {
    return input != null && input.image() == null && layers.stream().allMatch(Dense.class::isInstance);
  }

  /**
   * The sizes of a network of dense layers only, input to output (784, 128, 10); for programs
   * that train the same network with another library.
   */
  public List<Integer> denseSizes() {
    if (!isDense()) {
      throw new UsageException("the network " + describe() + " is not a list of dense layer sizes from input to output");
    }
    return Stream.of(Stream.of(input.size()), layers.stream().map(layer -> ((Dense) layer).units()), Stream.of(classes))
        .flatMap(s -> s).toList();
  }

  /**
   * This network for images of {@code rows x columns} pixels in {@code numClasses} classes: its
   * input becomes that image (or its {@code rows * columns} values when it has no convolution nor
   * pooling), checked against the input written, and every layer's output is checked to hold at
   * least one pixel. {@code data} names the data for the user.
   */
  public Architecture fitTo(int rows, int columns, int numClasses, String data) {
    String text = describe();
    Input fitted = spatial() ? Input.ofImage(rows, columns) : Input.flat(Math.multiplyExact(rows, columns));
    if (input != null && (input.size() != fitted.size()
        || input.image() != null && !input.image().equals(new Image(rows, columns, 1)))) {
      throw new UsageException("the network " + text + " takes " + (input.image() != null ? input.image() + " images"
          : input.size() + " inputs") + " but the images of " + data + " are " + rows + "x" + columns + " = "
          + fitted.size() + " pixels: make the first layer " + fitted.size()
          // a leading number is always the input, so only a network that starts otherwise can do without it
          + (layers.isEmpty() || layers.get(0) instanceof Dense ? "" : " or leave it out"));
    }
    if (classes != numClasses) {
      throw new UsageException("the network " + text + " has " + classes + " outputs but " + data + " has "
          + numClasses + " classes: make the last layer " + numClasses);
    }
    Image image = new Image(rows, columns, 1);
    for (NetworkLayer layer : layers) {
      if (layer instanceof Spatial spatial) {
        Image out = spatial.output(image);
        if (out == null) {
          throw new UsageException(at(text, layer) + " gets " + image + " images of " + data + ", which it would "
              + "shrink below 1 pixel: use smaller kernels or pooling, or fewer of them");
        }
        image = out;
      }
    }
    return new Architecture(fitted, layers, classes);
  }

  /**
   * The number of parameters DL4J gives this network: each dense layer's and convolution's weights
   * and biases, and batch normalisation's four values (scale, shift, mean, variance) per channel or
   * unit; computed from the layers' sizes, without building the network. The input must be known
   * (written, or from {@link #fitTo}). Beyond what a long counts it throws ArithmeticException.
   */
  public long parameters() {
    requireInput();
    Image image = input.image();
    long values = input.size();
    long parameters = 0;
    for (NetworkLayer layer : layers) {
      if (layer instanceof Convolution conv) {
        long weights = Math.multiplyExact((long) conv.kernelHeight() * conv.kernelWidth(), image.channels());
        parameters = Math.addExact(parameters, Math.multiplyExact(weights + 1, conv.filters()));
      } else if (layer instanceof Dense dense) {
        parameters = Math.addExact(parameters, Math.multiplyExact(values + 1, dense.units()));
        image = null;
        values = dense.units();
      } else if (layer instanceof BatchNorm) {
        parameters = Math.addExact(parameters, Math.multiplyExact(4, image != null ? image.channels() : values));
      }
      if (layer instanceof Spatial spatial) {
        image = spatial.output(image);
        values = Math.multiplyExact((long) image.height() * image.width(), image.channels());
      }
    }
    return Math.addExact(parameters, Math.multiplyExact(values + 1, classes));
  }

  /**
   * Adds the layers to DL4J's {@code builder}: the hidden ones with {@code activation}, then softmax
   * with cross-entropy, their input sizes inferred from the input's type: flat vectors of the
   * input's size, or those vectors read as images. The input must be known (written, or from {@link #fitTo}).
   */
  NeuralNetConfiguration.ListBuilder addTo(NeuralNetConfiguration.ListBuilder builder, Activation activation) {
    requireInput();
    for (NetworkLayer layer : layers) {
      builder.layer(layer.toDl4j(activation));
    }
    builder.layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX).build());
    if (!spatial()) {
      return builder.setInputType(InputType.feedForward(input.size()));
    }
    Image image = input.image();
    // the flat vectors become images before the first layer, whatever it is: DL4J would reshape
    // them only before the first convolution, and its dropout layer in front of that reshape fails
    // at inference (1.0.0-M2.1: "array is defined in incorrect workspace")
    return builder.inputPreProcessor(0, new FeedForwardToCnnPreProcessor(image.height(), image.width(), image.channels()))
        .setInputType(InputType.convolutionalFlat(image.height(), image.width(), image.channels()));
  }

  /** Checks that the input is known, as an image when the network has convolutions or pooling. */
  private void requireInput() {
    if (input == null) {
      throw new IllegalStateException("the network " + describe() + " has no input size yet: fit it to the data");
    }
    if (spatial() && input.image() == null) {
      throw new IllegalStateException("the network " + describe() + " needs the image's shape: fit it to the data");
    }
  }

  private static String describe(Input input, List<NetworkLayer> layers, int classes) {
    return Stream.of(Stream.ofNullable(input).map(Input::token), layers.stream().map(NetworkLayer::token),
        Stream.of(Integer.toString(classes))).flatMap(s -> s).collect(Collectors.joining("-"));
  }

  /** Names layer {@code layer} of the network {@code text} for a message. */
  private static String at(String text, NetworkLayer layer) {
    return "layer '" + layer.token() + "' of " + text;
  }

  private static Input input(String token, String text) {
    Matcher image = IMAGE.matcher(token);
    if (image.matches()) {
      int rows = number(image.group(1), text);
      int columns = number(image.group(2), text);
      if (rows < 1 || columns < 1) {
        throw new UsageException("the input '" + token + "' of " + text + " must be at least 1x1");
      }
      return Input.ofImage(rows, columns);
    }
    return Input.flat(number(token, text));
  }

  private static NetworkLayer layer(String token, String text) {
    String problem;
    Matcher m;
    if (NUMBER.matcher(token).matches()) {
      int units = number(token, text);
      if (units > 0) {
        return new Dense(units);
      }
      problem = "a dense layer needs at least 1 unit";
    } else if ((m = CONVOLUTION.matcher(token)).matches()) {
      int height = number(m.group(1), text);
      int width = number(m.group(2), text);
      int filters = number(m.group(3), text);
      if (height > 0 && width > 0 && filters > 0) {
        return new Convolution(height, width, filters);
      }
      problem = "a convolution's kernel is at least 1x1 and it has at least 1 filter";
    } else if ((m = POOLING.matcher(token)).matches()) {
      int size = number(m.group(1), text);
      if (size > 1) {
        return new MaxPooling(size);
      }
      problem = "pooling takes blocks of at least 2x2";
    } else if ((m = DROPOUT.matcher(token)).matches()) {
      double rate = Double.parseDouble(m.group(1));
      if (rate > 0 && rate < 1) {
        return new Dropout(rate);
      }
      problem = "the fraction dropped must lie strictly between 0 and 1";
    } else if (token.equals("bn")) {
      return new BatchNorm();
    } else if (IMAGE.matcher(token).matches()) {
      problem = "an image size is only the first token, the input";
    } else if (token.isEmpty()) {
      throw new UsageException("layers " + text + " have an empty layer between two separators");
    } else {
      problem = "unknown: " + GRAMMAR;
    }
    throw new UsageException("layer '" + token + "' of " + text + ": " + problem);
  }

  private static int number(String digits, String text) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new UsageException("the number " + digits + " in " + text + " is too large");
    }
  }
}
