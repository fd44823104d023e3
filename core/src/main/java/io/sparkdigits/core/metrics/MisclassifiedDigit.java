package io.sparkdigits.core.metrics;

/**
 * A test image the model got wrong: its index in the split, its label, the prediction and its
 * probability, and the image itself (its unsigned bytes, row-major), so that a report can show it
 * without reading the split again.
 */
public record MisclassifiedDigit(int index, int label, int predicted, double probability, byte[] pixels) {}
