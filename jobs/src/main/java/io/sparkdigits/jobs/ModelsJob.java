package io.sparkdigits.jobs;

import io.sparkdigits.common.UsageException;
import io.sparkdigits.common.registry.Decision;
import io.sparkdigits.common.registry.ModelRegistry;
import io.sparkdigits.common.registry.Promotion;
import io.sparkdigits.common.storage.HadoopFiles;
import io.sparkdigits.common.storage.ProcessOwner;
import io.sparkdigits.common.storage.StorageLayout;
import io.sparkdigits.jobs.cli.HadoopConf;
import io.sparkdigits.jobs.cli.JobRunner;
import io.sparkdigits.jobs.cli.NameOption;
import io.sparkdigits.jobs.cli.RegistryOptions;
import io.sparkdigits.jobs.cli.StorageOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The model registry for a person: its runs, its champion, and a rollback. No Spark job runs. */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "List a model's runs with their test accuracy and retraining decision, show its champion, "
        + "or roll the champion back to an earlier run.",
    subcommands = {ModelsJob.ListRuns.class, ModelsJob.ShowChampion.class, ModelsJob.Rollback.class})
public final class ModelsJob {
  /** The storage root and the model, which every subcommand takes. */
  static final class ModelLocation {
    @Mixin StorageOptions storage;
    @Mixin RegistryOptions registry;

    String model() {
      return registry.model();
    }

    ModelRegistry registry() throws IOException {
      return storage.registry(model(), HadoopConf.beforeSpark());
    }

    /** The registry, which must exist: a mistyped root or model name is not an empty registry. */
    ModelRegistry existingRegistry() throws IOException {
      Configuration conf = HadoopConf.beforeSpark();
      storage.requireExists(conf);
      StorageLayout layout = storage.layout(conf);
      FileSystem fs = layout.fileSystem(conf);
      Path folder = layout.model(model());
      if (!fs.exists(folder)) {
        List<String> models = HadoopFiles.list(fs, folder.getParent(), HadoopFiles.VISIBLE).stream()
            .filter(FileStatus::isDirectory).map(status -> status.getPath().getName()).toList();
        throw new UsageException("--model " + model() + ": no such model under " + layout
            + (models.isEmpty() ? " (it has none)" : " (it has " + String.join(", ", models) + ")"));
      }
      return new ModelRegistry(fs, layout, model());
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The model's runs, oldest first.")
  static final class ListRuns implements Callable<Integer> {
    @Mixin ModelLocation options;

    @Override
    public Integer call() throws IOException {
      ModelRegistry registry = options.existingRegistry();
      Optional<String> champion = registry.championPromotion().map(Promotion::runId);
      System.out.printf("%-24s %9s  %-40s %-14s %s%n", "run", "accuracy", "network", "decision", "reason");
      for (ModelRegistry.RunSummary run : registry.runs()) {
        System.out.printf("%-24s %8.2f%%  %-40s %-14s %s%s%n", run.runId(), 100 * run.testAccuracy(),
            run.network() == null ? "-" : run.network(),
            run.decision().map(d -> d.outcome().name().toLowerCase()).orElse("-"),
            run.decision().map(Decision::reason).orElse(""),
            champion.equals(Optional.of(run.runId())) ? "   <- champion" : "");
      }
      return 0;
    }
  }

  @Command(name = "champion", mixinStandardHelpOptions = true,
      description = "The champion's run directory, which downstream readers load; exit 1 when there is none.")
  static final class ShowChampion implements Callable<Integer> {
    @Mixin ModelLocation options;

    @Override
    public Integer call() throws IOException {
      Optional<Path> champion = options.registry().champion();
      if (champion.isEmpty()) {
        System.err.println("models: model " + options.model() + " has no champion yet");
        return JobRunner.FAILED;
      }
      System.out.println(champion.get());
      return 0;
    }
  }

  @Command(name = "rollback", mixinStandardHelpOptions = true,
      description = "Make an earlier published run the champion, recorded in the champion log with its reason.")
  static final class Rollback implements Callable<Integer> {
    @Mixin ModelLocation options;

    @Parameters(paramLabel = "RUN_ID", converter = NameOption.class, description = "The run to return to.")
    String runId;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "rolled back by hand",
        description = "Why, for the champion log (default: ${DEFAULT-VALUE}).")
    String reason;

    @Option(names = "--lock-stale-after", paramLabel = "SECONDS",
        description = "A rollback waits while a retraining deletes old runs, unless that run is silent this long "
            + "(default: ${DEFAULT-VALUE}).")
    long lockStaleAfter;

    @Override
    public Integer call() throws IOException, InterruptedException {
      ModelRegistry registry = options.registry();
      boolean wasChampion = registry.promotions().stream().anyMatch(promotion -> promotion.runId().equals(runId));
      registry.rollBackTo(runId, reason, ProcessOwner.current("rollback-to-" + runId),
          Duration.ofSeconds(lockStaleAfter));
      System.out.println("Run " + runId + " is the champion of model " + options.model()
          + (wasChampion ? " again" : " now"));
      return 0;
    }
  }
}
