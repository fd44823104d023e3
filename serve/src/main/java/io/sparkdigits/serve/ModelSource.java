package io.sparkdigits.serve;

import java.io.IOException;
import java.util.Optional;

/**
 * Where requests get the model they answer with: the champion as it changes ({@link ChampionWatcher}),
 * or one fixed run ({@link FixedRun}).
 */
public interface ModelSource extends AutoCloseable {
  /**
   * Loads the model and starts watching the registry. Called once the server listens, so that a
   * port in use is told at once, not after a load.
   */
  void start() throws IOException;

  /** The model to answer with now; empty before one could be loaded. A request takes it once, at its start. */
  Optional<ServedModel> current();

  /** True when the source follows the registry's champion, false for a fixed {@code --run}. */
  boolean followsChampion();

  /**
   * True when the run being served is no longer in storage (retention deleted it): the loaded
   * model still answers, but the server could not be started again on it.
   */
  default boolean servedRunGone() {
    return false;
  }

  @Override
  void close();
}
