package io.sparkdigits.core.registry;

import java.util.List;

/**
 * What a sweep did ({@code sweep.json} in its report folder): the model and dataset version it
 * trained on, how its candidates ran (one after another or side by side, and why), each
 * candidate's scores ranked by validation accuracy (the first is the winner), the candidates that
 * failed and why, and the registry's decision about the winner.
 */
public record SweepRecord(
    String sweepId,
    String model,
    String dataset,
    String datasetVersion,
    String mode,
    String modeReason,
    int taskSlots,
    List<Candidate> ranking,
    List<Failure> failures,
    Decision decision,
    double seconds) {

  public SweepRecord {
    // sweeps recorded before failures were kept have none
    failures = failures == null ? List.of() : failures;
  }

  /**
   * One candidate's run: its name and options, its published run, the validation scores that rank
   * it (of the epoch whose network is its model), its test accuracy and macro F1 (0 in sweeps
   * recorded before it was kept), its training time, its parameters, the epochs it trained and the
   * epoch its model is.
   */
  public record Candidate(
      int rank,
      String name,
      String options,
      String runId,
      double validationAccuracy,
      double validationLoss,
      double testAccuracy,
      double testMacroF1,
      double trainingSeconds,
      long parameters,
      int workers,
      int epochs,
      int modelEpoch) {}

  /** A candidate that did not train, evaluate or publish, and the error that stopped it. */
  public record Failure(String name, String options, String error) {}

  public Candidate winner() {
    return ranking.get(0);
  }
}
