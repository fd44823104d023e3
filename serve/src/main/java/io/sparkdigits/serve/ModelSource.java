package io.sparkdigits.serve;

import java.util.Optional;

/** Where requests get the model they answer with: the champion as it changes, or one fixed run. */
public interface ModelSource extends AutoCloseable {
  /** The model to answer with now; empty before one could be loaded. A request takes it once, at its start. */
  Optional<ServedModel> current();

  /** True when the source follows the registry's champion, false for a fixed {@code --run}. */
  boolean followsChampion();

  @Override
  void close();

  /** A source that serves {@code model} and nothing else. */
  static ModelSource fixed(ServedModel model) {
    return new ModelSource() {
      @Override
      public Optional<ServedModel> current() {
        return Optional.of(model);
      }

      @Override
      public boolean followsChampion() {
        return false;
      }

      @Override
      public void close() {}
    };
  }
}
