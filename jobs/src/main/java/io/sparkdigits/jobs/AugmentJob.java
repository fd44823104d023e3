package io.sparkdigits.jobs;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.augment.AugmentSpec;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.jobs.cli.AugmentOptions;
import io.sparkdigits.jobs.cli.ConfigOption;
import io.sparkdigits.jobs.cli.NameOption;
import io.sparkdigits.jobs.cli.StorageOptions;
import io.sparkdigits.spark.pipeline.RunPlan;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Augment: a dataset's training images and K deformed copies of each, as a new dataset with the same test split. */
@Command(name = "augment", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Make a new dataset of the training images of --dataset and K elastically and affinely deformed "
        + "copies of each (Simard et al. 2003), with the test split as it is.")
public final class AugmentJob extends SparkJob {
  @Mixin ConfigOption config;
  @Mixin StorageOptions storage;

  @Option(names = "--copies", paramLabel = "K",
      description = "Deformed copies of every training image, besides the image itself (default: ${DEFAULT-VALUE}).")
  int copies;

  @Option(names = "--into", paramLabel = "NAME", converter = NameOption.class,
      description = "Name of the new dataset (default: the source's name and -augK, such as mnist-aug9).")
  String into;

  @Mixin AugmentOptions augment;

  private AugmentSpec spec;

  @Override
  void validate(Configuration conf) throws Exception {
    spec = augment.spec(copies);
    if (target().equals(storage.dataset())) {
      throw new UsageException("--into " + into + ": the source dataset itself; name another dataset");
    }
    DatasetManifest source = storage.manifest(conf);
    spec.augmentedCount(source.requireSplit(DatasetManifest.TRAIN).count());
    spec.deformation().requireFits(source.rows(), source.columns(), "dataset '" + storage.dataset() + "'");
    storage.requireWritable(conf);
  }

  @Override
  void run(SparkSession spark) throws Exception {
    startWriting(spark, storage, null);
    run(spark, storage, null, RunPlan.of(storage.dataset(), null).augmenting(new RunPlan.Augment(target(), spec)));
  }

  private String target() {
    return into != null ? into : augmentedName(storage.dataset(), copies);
  }

  /** The name of dataset {@code source} augmented with {@code copies} copies of every image, when not given one. */
  static String augmentedName(String source, int copies) {
    return source + "-aug" + copies;
  }
}
