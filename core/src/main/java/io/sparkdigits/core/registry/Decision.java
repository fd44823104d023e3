package io.sparkdigits.core.registry;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.sparkdigits.core.json.UnknownAsNull;

/**
 * What a retraining run decided and why, kept beside the model's runs ({@code decisions/RUN_ID.json}).
 * {@code challengerAccuracy} and {@code championAccuracy} are on the same test split (NaN where
 * there was none to score, null in the file); the fingerprints identify the data and the configuration trained on.
 */
public record Decision(
    String runId,
    Outcome outcome,
    String reason,
    String decidedAt,
    String championBefore,
    @JsonSerialize(using = UnknownAsNull.Writer.class) @JsonDeserialize(using = UnknownAsNull.Reader.class)
    double championAccuracy,
    @JsonSerialize(using = UnknownAsNull.Writer.class) @JsonDeserialize(using = UnknownAsNull.Reader.class)
    double challengerAccuracy,
    double margin,
    String dataFingerprint,
    String configurationFingerprint) {

  /** The outcomes a scheduler can act on, each with its exit status. */
  public enum Outcome {
    PROMOTED(0),
    KEPT_CHAMPION(10),
    SKIPPED(11);

    private final int exitStatus;

    Outcome(int exitStatus) {
      this.exitStatus = exitStatus;
    }

    public int exitStatus() {
      return exitStatus;
    }
  }
}
