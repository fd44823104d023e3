package io.sparkdigits.core.model;

/**
 * How a classifier's output, the probability of every class, is read: the predicted class is the
 * one of highest probability. Free of Spark, shared by evaluation, the predict job and the server.
 */
public final class NetworkOutput {
  private NetworkOutput() {}

  /**
   * The class of highest probability in {@code probabilities[from, from + classes)}, the first of
   * equals, as DL4J's evaluation picks it.
   */
  public static int predictedClass(float[] probabilities, int from, int classes) {
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (probabilities[from + c] > probabilities[from + best]) {
        best = c;
      }
    }
    return best;
  }
}
