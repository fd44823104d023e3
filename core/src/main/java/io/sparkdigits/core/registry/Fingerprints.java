package io.sparkdigits.core.registry;

import io.sparkdigits.core.json.Json;
import io.sparkdigits.core.storage.JsonFiles;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The identity of what a run trains on: the data (its source files' checksums) and the
 * configuration. Kept in the run's directory ({@link #FILE}) and in the decision about it, so that
 * an interrupted retraining is continued only with the same, and an unchanged input is skipped.
 */
public record Fingerprints(String data, String configuration) {
  /** In a run's directory, staged or published: what it trains on. */
  public static final String FILE = "fingerprints.json";

  /** What a decision recorded the run it is about trained on. */
  public static Fingerprints of(Decision decision) {
    return new Fingerprints(decision.dataFingerprint(), decision.configurationFingerprint());
  }

  /**
   * What training {@code network} with {@code training} on the dataset named {@code datasetName}, of
   * content fingerprint {@code dataFingerprint}, is.
   */
  public static Fingerprints of(String dataFingerprint, String datasetName, NetworkSpec network,
      TrainingSpec training) throws IOException {
    return new Fingerprints(dataFingerprint,
        sha256(Json.mapper().writeValueAsString(List.of(datasetName, network, training))));
  }

  /** What the run in {@code folder}, staged or published, trains on; null when it does not say. */
  public static Fingerprints in(FileSystem fs, Path folder) throws IOException {
    Path file = new Path(folder, FILE);
    return fs.exists(file) ? JsonFiles.read(fs, file, Fingerprints.class) : null;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
