package io.sparkdigits.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelFilesTest {
  @Test
  void aNetworkTakesSquareImagesOnlyWhenItsInputIsASquareNumberOfPixels() {
    assertThat(ModelFiles.imageSide(NetworkOutputTest.network(List.of(784, 8, 10)))).hasValue(28);
    assertThat(ModelFiles.imageSide(NetworkOutputTest.network(List.of(785, 8, 10)))).isEmpty();
    assertThat(ModelFiles.squareSide(144)).hasValue(12);
    assertThat(ModelFiles.squareSide(143)).isEmpty();
    assertThat(ModelFiles.squareSide(1)).hasValue(1);
  }
}
