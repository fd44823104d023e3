package io.sparkdigits.serve;

/** What a network said about one image: the digit of highest probability, and every class's probability. */
public record Prediction(int digit, float[] probabilities) {}
