package io.sparkdigits.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkdigits.core.testing.ProjectConf;
import io.sparkdigits.core.testing.SyntheticDigits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Every mistake on the command line ends in one line and a non-zero exit, before Spark starts. */
class CommandLineTest {
  @TempDir Path dir;

  @AfterEach
  void noSparkWasStarted() {
    assertThat(SparkSession.getActiveSession().isEmpty()).as("Spark was not started").isTrue();
    assertThat(SparkSession.getDefaultSession().isEmpty()).isTrue();
  }

  private static void assertOneLineError(JobOutput result, String expected) {
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().strip()).doesNotContain("\n").contains(expected);
    assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  /** The jobs, by name, from the one place that lists them. */
  private static Map<String, CommandLine> jobs() {
    return new CommandLine(new SparkDigits()).getSubcommands();
  }

  /** A job's class that SparkDigits does not list could not be run by anyone: no job has a main of its own. */
  @Test
  void everyJobOfThePackageIsOnTheList() throws Exception {
    Path jobsPackage = Path.of(SparkDigits.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve(SparkDigits.class.getPackageName().replace('.', '/'));
    Set<Class<?>> commands = new HashSet<>();
    try (Stream<Path> classFiles = Files.list(jobsPackage)) {
      for (Path classFile : classFiles.toList()) {
        String name = classFile.getFileName().toString();
        if (name.endsWith(".class") && !name.contains("$")) {
          Class<?> type = Class.forName(SparkDigits.class.getPackageName() + "." + name.replace(".class", ""));
          if (type.isAnnotationPresent(Command.class) && type != SparkDigits.class) {
            commands.add(type);
          }
        }
      }
    }
    assertThat(commands).as("the commands of the jobs package").isNotEmpty();
    assertThat(jobs().values().stream().<Class<?>>map(job -> job.getCommandSpec().userObject().getClass()))
        .containsExactlyInAnyOrderElementsOf(commands);
  }

  @Test
  void helpListsEveryJobWithWhatItDoes() {
    JobOutput help = JobOutput.sparkDigits("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).startsWith("Usage: spark-digits [-hV] JOB");
    jobs().forEach((name, job) -> assertThat(help.out()).as(name)
        .containsPattern("(?m)^  " + name + " +" + Pattern.quote(job.getCommandSpec().usageMessage().description()[0]
            .substring(0, 20))));
  }

  @Test
  void everyJobHasHelpWithAllItsOptions() {
    jobs().forEach((name, job) -> {
      JobOutput help = JobOutput.sparkDigits(name, "--help");
      assertThat(help.exitCode()).as(name).isZero();
      assertThat(help.out()).startsWith("Usage: spark-digits " + name + " ");
      job.getCommandSpec().options().forEach(option -> assertThat(help.out()).contains(option.longestName()));
    });
    assertThat(JobOutput.sparkDigits("pipeline", "--help").out())
        .contains("--layers=LAYERS").contains("default: 784-128-10").contains("--epochs=N").contains("default: 3");
  }

  @Test
  void unknownJobIsOneLineNamingTheJobs() {
    String jobs = String.join(", ", jobs().keySet());
    assertOneLineError(JobOutput.sparkDigits("trian", "--epochs", "3"),
        "spark-digits: unknown job 'trian': the jobs are " + jobs + " (see --help)");
    assertOneLineError(JobOutput.sparkDigits("--epochs", "3", "train"),
        "spark-digits: unknown job '--epochs': the jobs are " + jobs + " (see --help)");
    assertOneLineError(JobOutput.sparkDigits(), "spark-digits: give a job, one of " + jobs + " (see --help)");
  }

  @Test
  void modelsWithoutOneOfItsCommandsIsOneLineNamingThem() {
    assertOneLineError(JobOutput.sparkDigits("models", "lst", "--out", dir.toString()),
        "models: unknown command 'lst': the commands are list, champion, rollback, migrate (see --help)");
    assertOneLineError(JobOutput.sparkDigits("models"),
        "models: give a command, one of list, champion, rollback, migrate");
  }

  @Test
  void unknownOptionIsOneLine() {
    assertOneLineError(JobOutput.sparkDigits("pipeline", "--data", dir.toString(), "--epoch", "3"),
        "Unknown options: '--epoch', '3'");
  }

  @Test
  void zeroEpochsAreRefused() {
    assertOneLineError(JobOutput.sparkDigits("train", "--epochs", "0"), "epochs must be at least 1, got 0");
  }

  @Test
  void predictNeedsAModelThatExistsAndOneInput() {
    Path missing = dir.resolve("no-such-run");
    assertOneLineError(JobOutput.sparkDigits("predict", "--model", missing.toString(), "--images", dir.toString(),
        "--out", dir.toString()),
        "--model " + missing + ": no such file or folder");
    assertOneLineError(JobOutput.sparkDigits("predict", "--model", dir.toString()),
        "Error: Missing required argument (specify one of these): (--images=URI | --parquet=URI | --table=NAME | --split=NAME)");
    assertOneLineError(JobOutput.sparkDigits("predict", "--model", dir.toString(), "--images", dir.toString(),
        "--split", "test"), "--images=URI, --split=NAME are mutually exclusive");
    assertOneLineError(JobOutput.sparkDigits("predict", "--champion", "digits", "--out", dir.toString(), "--split",
        "test"), "--champion digits: model digits has no champion under file:" + dir);
  }

  @Test
  void negativeAveragingFrequencyIsRefused() {
    assertOneLineError(JobOutput.sparkDigits("train", "--averaging-frequency", "-1"),
        "averaging frequency must be 0 (chosen by the data's size) or more, got -1");
  }

  @Test
  void layerOfSizeZeroIsRefused() {
    assertOneLineError(JobOutput.sparkDigits("pipeline", "--layers", "784-0-10"),
        "layer '0' of 784-0-10: a dense layer needs at least 1 unit");
  }

  @Test
  void nonsenseLayersAreRefusedNamingTheLayer() {
    assertOneLineError(JobOutput.sparkDigits("pipeline", "--layers", "conv0x5x20-pool2-10"),
        "layer 'conv0x5x20' of conv0x5x20-pool2-10: a convolution's kernel is at least 1x1");
    assertOneLineError(JobOutput.sparkDigits("train", "--layers", "conv5x5x20-maxpool-10"),
        "layer 'maxpool' of conv5x5x20-maxpool-10: unknown");
  }

  @Test
  void unknownActivationIsRefused() {
    assertOneLineError(JobOutput.sparkDigits("train", "--activation", "wobbly"),
        "Invalid value for option '--activation'");
  }

  @Test
  void notANumberIsRefused() {
    assertOneLineError(JobOutput.sparkDigits("train", "--batch-size", "lots"), "'lots' is not an int");
  }

  @Test
  void missingInputFolderIsRefused() {
    Path missing = dir.resolve("nothing-here");
    assertOneLineError(JobOutput.sparkDigits("ingest", "--data", missing.toString()),
        "--data " + missing + ": no such folder");
  }

  @Test
  void folderWithoutTheFilesIsRefused() {
    assertOneLineError(JobOutput.sparkDigits("pipeline", "--data", dir.toString()),
        "no train-images-idx3-ubyte[.gz] in it");
  }

  @Test
  void runIdIsRequiredToEvaluateAndPublish() {
    assertOneLineError(JobOutput.sparkDigits("evaluate"), "Missing required option: '--run-id=ID'");
    assertOneLineError(JobOutput.sparkDigits("publish"), "Missing required option: '--run-id=ID'");
  }

  private static void assertOneLineFailure(JobOutput result, String expected) {
    assertThat(result.exitCode()).as("exit status; stderr: %s", result.err()).isEqualTo(1);
    assertThat(result.err().strip()).doesNotContain("\n").contains(expected);
    assertThat(result.err()).doesNotContain("\tat ");
  }

  @Test
  void configFileKeyThatNoJobHasIsRefusedWithTheNearestKnownOne() throws Exception {
    Path config = Files.writeString(dir.resolve("typo.properties"), "epochs=2\nlearnig-rate=5\nwobble=1\n");
    assertOneLineError(JobOutput.sparkDigits("train", "--config", config.toString()), "--config " + config
        + ": no spark-digits job has the options learnig-rate (did you mean learning-rate?), wobble");
  }

  @Test
  void configFileMayHoldTheOptionsOfOtherJobs() throws Exception {
    // the bundled defaults whole, plus options of predict and retrain that train does not have
    Path config = Files.writeString(dir.resolve("shared.properties"),
        Files.readString(ProjectConf.file("pipeline.properties")) + "\npreprocess=none\ninbox=/landing\nepochs=0\n");
    assertOneLineError(JobOutput.sparkDigits("train", "--config=" + config), "epochs must be at least 1, got 0");
  }

  @Test
  void configFileThatIsNotPropertiesIsRefusedNamingIt() throws Exception {
    Path json = Files.writeString(dir.resolve("config.json"), "{\n  \"epochs\": 3\n}\n");
    assertOneLineError(JobOutput.sparkDigits("train", "--config", json.toString()),
        "--config " + json + ": '\"epochs\"' is not an option name: a config file holds properties, one name=value a line");
    Path binary = Files.write(dir.resolve("config.bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '='});
    assertOneLineError(JobOutput.sparkDigits("train", "--config", binary.toString()),
        "--config " + binary + ": not a text file (it is not UTF-8)");
    Path missing = dir.resolve("missing.properties");
    assertOneLineError(JobOutput.sparkDigits("train", "--config", missing.toString()),
        "--config " + missing + ": no such file");
    assertOneLineError(JobOutput.sparkDigits("train", "--config", dir.toString()),
        "--config " + dir + ": cannot read it");
  }

  @Test
  void configValueThatIsNotOfItsTypeIsRefusedNamingTheFileAndTheKey() throws Exception {
    Path config = Files.writeString(dir.resolve("my.properties"), "epochs=abc\n");
    assertOneLineError(JobOutput.sparkDigits("train", "--config", config.toString()),
        "train: --config " + config + ": epochs=abc: Invalid value for option '--epochs': 'abc' is not an int");
    // the same value on the command line is the command line's
    assertOneLineError(JobOutput.sparkDigits("train", "--epochs", "abc"),
        "train: Invalid value for option '--epochs': 'abc' is not an int");
  }

  @Test
  void configFileReplacesBundledDefaults() throws Exception {
    Path config = Files.writeString(dir.resolve("my.properties"), "epochs=0\n");
    assertOneLineError(JobOutput.sparkDigits("train", "--config", config.toString()),
        "epochs must be at least 1, got 0");
  }

  @Test
  void networkTooLargeForTheDriversMemoryIsRefusedBeforeSpark() {
    Path warehouse = dir.resolve("warehouse");
    JobOutput result = JobOutput.sparkDigits("pipeline", "--data", syntheticMnist().toString(), "--out",
        warehouse.toString(), "--layers", "784-99999999-10");
    assertOneLineError(result, "pipeline: the network 784-99999999-10 has 79,499,999,215 parameters: training it with "
        + "adam takes at least 1,184.6 GiB outside the Java heap");
    assertThat(result.err()).containsPattern("and this JVM may use [\\d.,]+ GiB there: make the network smaller, "
        + "or raise DRIVER_OFFHEAP \\(submit/\\) or -Dorg.bytedeco.javacpp.maxphysicalbytes \\(see --help\\)");
    assertThat(warehouse).as("nothing written").doesNotExist();
  }

  @Test
  void networkThatDoesNotFitTheImagesIsRefusedBeforeIngest() {
    Path data = syntheticMnist();
    Path warehouse = dir.resolve("warehouse");
    String trainImages = data.resolve("train-images-idx3-ubyte").toUri().toString().replace("file:///", "file:/");
    assertOneLineError(JobOutput.sparkDigits("pipeline", "--data", data.toString(), "--out", warehouse.toString(),
        "--layers", "100-10"), "the network 100-10 takes 100 inputs but the images of " + trainImages
        + " are 28x28 = 784 pixels: make the first layer 784");
    assertOneLineError(JobOutput.sparkDigits("pipeline", "--data", data.toString(), "--out", warehouse.toString(),
        "--layers", "conv5x5x8-pool2-pool2-pool2-pool2-pool2-10"), "layer 'pool2' of "
        + "conv5x5x8-pool2-pool2-pool2-pool2-pool2-10 gets 1x1x8 images of " + trainImages
        + ", which it would shrink below 1 pixel");
    assertOneLineError(JobOutput.sparkDigits("retrain", "--data", data.toString(), "--out", warehouse.toString(),
        "--num-classes", "5"), "the network 784-128-10 has 10 outputs but " + trainImages
        + " has 5 classes: make the last layer 5");
    assertThat(warehouse).as("nothing written").doesNotExist();
  }

  @Test
  void trainingNeedsAnIngestedDataset() {
    assertOneLineError(JobOutput.sparkDigits("train", "--out", dir.toString()),
        "--dataset mnist: no such dataset under file:" + dir + ": ingest it first");
  }

  @Test
  void augmentOptionsAndItsSourceAreCheckedBeforeSpark() {
    String out = dir.toString();
    assertOneLineError(JobOutput.sparkDigits("augment", "--out", out, "--copies", "0"),
        "copies must be at least 1, got 0");
    assertOneLineError(JobOutput.sparkDigits("augment", "--out", out, "--elastic-sigma", "0"),
        "--elastic-sigma must be a positive number of pixels, got 0.0");
    assertOneLineError(JobOutput.sparkDigits("augment", "--out", out, "--max-scale", "1.5"),
        "--max-scale must be below 1 (the scale lies in 1 +- max scale), got 1.5");
    assertOneLineError(JobOutput.sparkDigits("augment", "--out", out, "--into", "mnist"),
        "--into mnist: the source dataset itself; name another dataset");
    assertOneLineError(JobOutput.sparkDigits("augment", "--out", out),
        "--dataset mnist: no such dataset under file:" + dir + ": ingest it first");
    assertOneLineError(JobOutput.sparkDigits("pipeline", "--data", syntheticMnist().toString(), "--out", out,
        "--augment", "-1"), "--augment must be 0 (no augment step) or a number of copies, got -1");
    assertOneLineError(JobOutput.sparkDigits("pipeline", "--data", syntheticMnist().toString(), "--out", out,
        "--augment", "2", "--max-rotation", "-5"), "--max-rotation must be a number of 0 or more, got -5.0");
    String trainImages = syntheticMnist().resolve("train-images-idx3-ubyte").toUri().toString()
        .replace("file:///", "file:/");
    assertOneLineError(JobOutput.sparkDigits("pipeline", "--data", syntheticMnist().toString(), "--out", out,
        "--augment", "2", "--max-shift", "1000"), "--max-shift 1000 would shift the 28x28 images of " + trainImages
        + " out of themselves: at most 14 pixels, half the image's smaller side");
    assertOneLineError(JobOutput.sparkDigits("pipeline", "--data", syntheticMnist().toString(), "--out", out,
        "--augment", "2", "--max-shift", "NaN"), "--max-shift must be a number of 0 or more, got NaN");
  }

  @Test
  void storageRootThatCannotBeWrittenIsRefusedBeforeSpark() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "");
    String root = file.resolve("warehouse").toString();
    assertOneLineError(JobOutput.sparkDigits("ingest", "--data", syntheticMnist().toString(), "--out", root),
        "--out " + root + ": cannot write there: file:" + file + " is a file, not a folder");
  }

  @Test
  void optionsThatAreNoPathAreUsageErrors() throws Exception {
    assertOneLineError(JobOutput.sparkDigits("ingest", "--data", syntheticMnist().toString(), "--out", ""),
        "--out '': not a path or URI: ");
    assertOneLineError(JobOutput.sparkDigits("ingest", "--data", "", "--out", dir.toString()),
        "--data '': not a path or URI: ");
    assertOneLineError(JobOutput.sparkDigits("retrain", "--inbox", "", "--out", dir.toString()),
        "--inbox '': not a path or URI: ");
  }

  @Test
  void storageRootInAReadOnlyFolderIsRefusedBeforeSpark() throws Exception {
    Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root writes anywhere");
    Path readOnly = Files.createDirectory(dir.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    String root = readOnly.resolve("warehouse").toString();
    assertOneLineError(JobOutput.sparkDigits("ingest", "--data", syntheticMnist().toString(), "--out", root),
        "--out " + root + ": cannot write there: ");
  }

  @Test
  void modelFileThatIsNotAModelIsNamed() throws Exception {
    byte[] model = Files.readAllBytes(TestModels.untrained(dir.resolve("model.zip")));
    Path truncated = Files.write(dir.resolve("truncated.zip"), Arrays.copyOf(model, model.length / 2));
    Path root = dir.resolve("not-yet/warehouse");
    assertOneLineFailure(JobOutput.sparkDigits("predict", "--model", truncated.toString(), "--images", dir.toString(),
        "--out", root.toString()), truncated + ": not a complete model zip file");
    assertThat(dir.resolve("not-yet")).as("the check that the root can be written leaves nothing").doesNotExist();
    Path text = Files.writeString(dir.resolve("notes.zip"), "not a model");
    assertOneLineFailure(JobOutput.sparkDigits("predict", "--model", text.toString(), "--images", dir.toString(),
        "--out", dir.toString()),
        text + ": not a model: not a zip file");
    Path otherZip = dir.resolve("other.zip");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(otherZip))) {
      zip.putNextEntry(new ZipEntry("readme.txt"));
      zip.write("hello".getBytes(StandardCharsets.UTF_8));
    }
    assertOneLineFailure(JobOutput.sparkDigits("predict", "--model", otherZip.toString(), "--images", dir.toString(),
        "--out", dir.toString()),
        otherZip + ": not a DL4J model: the zip holds no configuration.json");
  }

  @Test
  void predictRefusesAnEmptyFolderAndAnOutputThatExists() throws Exception {
    Path model = TestModels.untrained(dir.resolve("model.zip"));
    Path empty = Files.createDirectories(dir.resolve("empty/nothing-here-either"));
    assertOneLineError(JobOutput.sparkDigits("predict", "--model", model.toString(), "--images", empty.getParent()
        .toString()), "--images " + empty.getParent() + ": no files in it");
    Path output = Files.createDirectories(dir.resolve("predictions"));
    Files.writeString(empty.resolve("1.png"), "");
    assertOneLineError(JobOutput.sparkDigits("predict", "--model", model.toString(), "--images", empty.toString(),
        "--output", output.toString()), "--output file:" + output + " already exists");
  }

  @Test
  void modelsListRefusesARootOrModelThatDoesNotExist() throws Exception {
    Path missing = dir.resolve("no-warehouse");
    assertOneLineError(JobOutput.sparkDigits("models", "list", "--out", missing.toString()),
        "--out " + missing + ": no such folder");
    Files.createDirectories(dir.resolve("models/digits/runs"));
    Files.createDirectories(dir.resolve("models/letters"));
    assertOneLineError(JobOutput.sparkDigits("models", "list", "--out", dir.toString(), "--model", "digts"),
        "--model digts: no such model under file:" + dir + " (it has digits, letters)");
    JobOutput none = JobOutput.sparkDigits("models", "list", "--out", dir.toString());
    assertThat(none.exitCode()).as("a model without runs yet; stderr: %s", none.err()).isZero();
  }

  private Path syntheticMnist() {
    return syntheticMnist(dir.resolve("mnist"));
  }

  /** MNIST's four files, small and synthetic, in folder {@code data}. */
  static Path syntheticMnist(Path data) {
    SyntheticDigits digits = new SyntheticDigits(20, 28, 28, 10, 1);
    digits.writeMnistFiles(data, "train", false);
    digits.writeMnistFiles(data, "t10k", false);
    return data;
  }
}
