package io.sparkdigits.spark.pipeline;

import io.sparkdigits.spark.dataset.DigitsDataset;
import io.sparkdigits.core.model.ModelFiles;
import io.sparkdigits.core.registry.Decision;
import io.sparkdigits.core.registry.Fingerprints;
import io.sparkdigits.core.registry.ModelRegistry;
import io.sparkdigits.core.registry.PromotionPolicy;
import io.sparkdigits.core.storage.StorageLayout;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Promote: hands a run published in a model's registry to the registry's promotion rules ({@link
 * PromotionPolicy}), against the champion as it is now, scored here on the run's own test split,
 * and records the decision. The one step that every job promoting a run takes: the pipeline's
 * publish, a retraining, a sweep's winner. A compare-and-swap of the champion log ({@link
 * ModelRegistry#decideAndPromote}), safe without any lock.
 */
public final class PromoteStage {
  private final SparkSession spark;

  public PromoteStage(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Decides about run {@code runId}, published in {@code registry} with {@code challengerAccuracy}
   * on the test split of {@code dataset}, by {@code policy}: the champion (which may be newer than
   * one found before training) is scored on the same split. Returns the decision, recorded.
   */
  public Decision run(ModelRegistry registry, String runId, double challengerAccuracy, DigitsDataset dataset,
      PromotionPolicy policy, Fingerprints fingerprints) throws IOException {
    FileSystem fs = registry.runLayout().fileSystem(spark.sparkContext().hadoopConfiguration());
    return registry.decideAndPromote(runId, challengerAccuracy, current -> {
      double championAccuracy = current.isEmpty() ? Double.NaN
          : scoreChampion(fs, registry.runLayout().run(current.get().runId()), dataset);
      return policy.decide(runId, current, championAccuracy, challengerAccuracy, fingerprints);
    });
  }

  /** The champion's accuracy on the dataset's test split, which may differ from the one it was trained with. */
  private double scoreChampion(FileSystem fs, Path champion, DigitsDataset dataset) throws IOException {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return EvaluateStage.scoreTestSplit(sc, ModelFiles.read(fs, new Path(champion, StorageLayout.MODEL_FILE)), dataset,
        0).report().accuracy();
  }
}
