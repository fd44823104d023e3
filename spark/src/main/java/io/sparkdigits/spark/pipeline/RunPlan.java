package io.sparkdigits.spark.pipeline;

import io.sparkdigits.core.augment.AugmentSpec;
import io.sparkdigits.core.idx.IdxSplitFiles;
import io.sparkdigits.core.manifest.ValidationSplit;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import io.sparkdigits.core.registry.Fingerprints;
import io.sparkdigits.core.registry.PromotionPolicy;
import java.util.List;

/**
 * What a run does: the steps a job asks for, of ingest, augment, train, evaluate, publish and
 * promote, which {@link RunLifecycle} always runs in that order. Every job is a plan: the pipeline
 * takes them all, a single-step job one, a retraining train to promote, a sweep train to publish
 * for every candidate and then promote for the winner.
 *
 * @param dataset the dataset ingested into, augmented from, or trained and evaluated on
 * @param model the model whose runs the run is published into and whose champion it may become
 */
public record RunPlan(String dataset, String model, Ingest ingest, Augment augment, Train train, boolean evaluate,
    boolean publish, Promote promote) {

  /** IDX files into a new version of the plan's dataset. */
  public record Ingest(List<IdxSplitFiles> sources, int numClasses, ValidationSplit validation) {}

  /** The plan's dataset augmented into dataset {@code into}, which the plan then trains on. */
  public record Augment(String into, AugmentSpec spec) {}

  /**
   * Training on version {@code datasetVersion}: null, the version the plan's ingest or augment
   * wrote, else the dataset's current one; on {@code table} instead of its training split when
   * there is one ({@link TrainStage#trainingOn}).
   */
  public record Train(String datasetVersion, NetworkSpec network, TrainingSpec training, boolean scoreTestEachEpoch,
      TrainStage.TrainingTable table) {
    /** Training on the dataset's training split. */
    public Train(String datasetVersion, NetworkSpec network, TrainingSpec training, boolean scoreTestEachEpoch) {
      this(datasetVersion, network, training, scoreTestEachEpoch, null);
    }

    /** This training on {@code table} (null: on the dataset's training split). */
    public Train on(TrainStage.TrainingTable table) {
      return new Train(datasetVersion, network, training, scoreTestEachEpoch, table);
    }
  }

  /** The published run handed to {@code policy}; {@code fingerprints} null: those of the run as published. */
  public record Promote(PromotionPolicy policy, Fingerprints fingerprints) {}

  /** A plan of no step yet, on {@code dataset}, for {@code model}. */
  public static RunPlan of(String dataset, String model) {
    return new RunPlan(dataset, model, null, null, null, false, false, null);
  }

  public RunPlan ingesting(Ingest step) {
    return new RunPlan(dataset, model, step, augment, train, evaluate, publish, promote);
  }

  /** With {@code step} null, no augment step. */
  public RunPlan augmenting(Augment step) {
    return new RunPlan(dataset, model, ingest, step, train, evaluate, publish, promote);
  }

  public RunPlan training(Train step) {
    return new RunPlan(dataset, model, ingest, augment, step, evaluate, publish, promote);
  }

  public RunPlan evaluating() {
    return new RunPlan(dataset, model, ingest, augment, train, true, publish, promote);
  }

  public RunPlan publishing() {
    return new RunPlan(dataset, model, ingest, augment, train, evaluate, true, promote);
  }

  public RunPlan promoting(Promote step) {
    return new RunPlan(dataset, model, ingest, augment, train, evaluate, publish, step);
  }

  /** The dataset that training and evaluation read: the augmented one when the plan augments. */
  public String trainedOn() {
    return augment != null ? augment.into() : dataset;
  }

  /** Whether the plan works on a run (trains, evaluates, publishes or promotes one), and so needs its id. */
  public boolean hasRun() {
    return train != null || evaluate || publish || promote != null;
  }
}
