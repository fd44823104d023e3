package io.sparkdigits.jobs.cli;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.augment.DeformationParameters;
import io.sparkdigits.core.idx.IdxHeader;
import io.sparkdigits.core.idx.IdxInput;
import io.sparkdigits.core.idx.IdxSplitFiles;
import io.sparkdigits.core.idx.IdxValidator;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.manifest.ValidationSplit;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.spark.pipeline.RunPlan;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Option;

/**
 * Which IDX files to ingest: a folder with MNIST's four standard file names, raw or gzip'd, or
 * each file named on its own (which also overrides the folder's file of the same role).
 */
public final class IngestOptions {
  @Option(names = "--data", paramLabel = "DIR",
      description = "Folder (any Hadoop URI) holding train-images-idx3-ubyte, train-labels-idx1-ubyte, "
          + "t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each raw or .gz.")
  String data;

  @Option(names = "--train-images", paramLabel = "URI", description = "IDX file of the training images.")
  String trainImages;

  @Option(names = "--train-labels", paramLabel = "URI", description = "IDX file of the training labels.")
  String trainLabels;

  @Option(names = "--test-images", paramLabel = "URI", description = "IDX file of the test images.")
  String testImages;

  @Option(names = "--test-labels", paramLabel = "URI", description = "IDX file of the test labels.")
  String testLabels;

  @Option(names = "--num-classes", paramLabel = "N",
      description = "Number of classes; every label must lie in 0..N-1 (default: ${DEFAULT-VALUE}).")
  int numClasses;

  @Option(names = "--validation-fraction", paramLabel = "FRACTION",
      description = "Part of the training images set aside as the validation split, stratified by label; 0 sets "
          + "none aside (default: ${DEFAULT-VALUE}).")
  double validationFraction;

  @Option(names = "--validation-seed", paramLabel = "N",
      description = "Seed of the draw of the validation split (default: ${DEFAULT-VALUE}).")
  long validationSeed;

  public int numClasses() {
    return numClasses;
  }

  /** The validation split to set aside; an invalid fraction fails with a message for the user. */
  public ValidationSplit validation() {
    return new ValidationSplit(validationFraction, validationSeed);
  }

  /** The ingest step of {@code sources}, the files {@link #resolve} found. */
  public RunPlan.Ingest step(List<IdxSplitFiles> sources) {
    return new RunPlan.Ingest(sources, numClasses, validation());
  }

  /**
   * The train and test files, each checked to exist. Fails with a message for the user when a file
   * is neither named nor found in the folder.
   */
  public List<IdxSplitFiles> resolve(Configuration conf) throws IOException {
    return resolveIn(data, conf);
  }

  /** As {@link #resolve}, with {@code folder} in place of {@code --data}. */
  public List<IdxSplitFiles> resolveIn(String folder, Configuration conf) throws IOException {
    IdxValidator.requireNumClasses(numClasses);
    validation();
    return List.of(
        new IdxSplitFiles(DatasetManifest.TRAIN,
            locate(trainImages, folder, "train-images", "idx3", "--train-images", conf),
            locate(trainLabels, folder, "train-labels", "idx1", "--train-labels", conf)),
        new IdxSplitFiles(DatasetManifest.TEST,
            locate(testImages, folder, "t10k-images", "idx3", "--test-images", conf),
            locate(testLabels, folder, "t10k-labels", "idx1", "--test-labels", conf)));
  }

  /**
   * Checks that {@code network} can learn the images of {@code sources} and the classes of
   * {@code --num-classes}, from the image files' headers alone: a mismatch that would otherwise
   * show only after ingest fails before Spark starts.
   */
  public void requireFits(NetworkSpec network, List<IdxSplitFiles> sources, Configuration conf) throws IOException {
    forEachImageSize(sources, conf, (rows, columns, file) -> network.requireFits(rows, columns, numClasses, file));
  }

  /** Checks, from the headers of the image files, that {@code deformation} suits their images. */
  public void requireFits(DeformationParameters deformation, List<IdxSplitFiles> sources, Configuration conf)
      throws IOException {
    forEachImageSize(sources, conf, deformation::requireFits);
  }

  /** What a check is given of each image file: the size of its images, and the file's name. */
  @FunctionalInterface
  private interface ImageSizeCheck {
    void check(int rows, int columns, String file);
  }

  private static void forEachImageSize(List<IdxSplitFiles> sources, Configuration conf, ImageSizeCheck check)
      throws IOException {
    for (IdxSplitFiles files : sources) {
      Path images = new Path(files.images());
      IdxHeader header;
      try (IdxInput input = IdxInput.open(images.getFileSystem(conf), images)) {
        header = input.header();
      }
      // a header of another shape is the validator's to report, with the rest of the file's checks
      if (header.dimensions().length == 3) {
        check.check(header.dimensions()[1], header.dimensions()[2], files.images());
      }
    }
  }

  /** Whether any input was named: the folder or a file. */
  public boolean given() {
    return data != null || trainImages != null || trainLabels != null || testImages != null || testLabels != null;
  }

  private static String locate(String explicit, String data, String stem, String idxKind, String option,
      Configuration conf) throws IOException {
    if (explicit != null) {
      Path path = PathOption.of(option, explicit);
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.isFile(path)) {
        throw new UsageException(option + " " + explicit + ": no such file");
      }
      return fs.makeQualified(path).toString();
    }
    if (data == null) {
      throw new UsageException("no input: give --data DIR or " + option + " URI");
    }
    Path folder = PathOption.of("--data", data);
    FileSystem fs = folder.getFileSystem(conf);
    if (!fs.exists(folder)) {
      throw new UsageException("--data " + data + ": no such folder");
    }
    // the canonical name, and the variant with a dot that some redistributions use
    for (String name : List.of(stem + "-" + idxKind + "-ubyte", stem + "." + idxKind + "-ubyte")) {
      for (String candidate : List.of(name, name + ".gz")) {
        Path path = new Path(folder, candidate);
        if (fs.isFile(path)) {
          return fs.makeQualified(path).toString();
        }
      }
    }
    throw new UsageException("--data " + data + ": no " + stem + "-" + idxKind + "-ubyte[.gz] in it");
  }
}
