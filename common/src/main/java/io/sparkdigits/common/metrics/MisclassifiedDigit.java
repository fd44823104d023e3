package io.sparkdigits.common.metrics;

/** A test image the model got wrong: its index in the split, its label, the prediction and its probability. */
public record MisclassifiedDigit(int index, int label, int predicted, double probability) {}
