package io.sparkdigits.jobs;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.registry.Decision;
import io.sparkdigits.core.registry.LegacyRuns;
import io.sparkdigits.core.registry.ModelRegistry;
import io.sparkdigits.core.registry.Promotion;
import io.sparkdigits.core.storage.HadoopFiles;
import io.sparkdigits.core.storage.ProcessOwner;
import io.sparkdigits.core.storage.StorageLayout;
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

/** The model registry for a person: its runs, its champion, a rollback, and a migration. No Spark job runs. */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "List a model's runs with their test accuracy and retraining decision, show its champion, "
        + "roll the champion back to an earlier run, or move the runs of an older storage root into a model.",
    subcommands = {ModelsJob.ListRuns.class, ModelsJob.ShowChampion.class, ModelsJob.Rollback.class,
        ModelsJob.Migrate.class})
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
            + (models.isEmpty() ? " (it has none)" : " (it has " + String.join(", ", models) + ")")
            + legacyRuns().notice(model()).map(notice -> "; " + notice).orElse(""));
      }
      return new ModelRegistry(fs, layout, model());
    }

    LegacyRuns legacyRuns() throws IOException {
      Configuration conf = HadoopConf.beforeSpark();
      StorageLayout layout = storage.layout(conf);
      return new LegacyRuns(layout.fileSystem(conf), layout);
    }

    /** Says on stderr, in one line, how to move the runs of an older storage root into the model, if it has any. */
    void noticeLegacyRuns() throws IOException {
      legacyRuns().notice(model()).ifPresent(notice -> System.err.println("models: " + notice));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The model's runs, oldest first.")
  static final class ListRuns implements Callable<Integer> {
    @Mixin ModelLocation options;

    @Override
    public Integer call() throws IOException {
      ModelRegistry registry = options.existingRegistry();
      options.noticeLegacyRuns();
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
        options.noticeLegacyRuns();
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
      LegacyRuns legacy = options.legacyRuns();
      if (registry.run(runId).isEmpty() && legacy.ids().contains(runId)) {
        throw new UsageException("model " + options.model() + " has no published run " + runId + "; "
            + legacy.notice(options.model()).orElseThrow());
      }
      boolean wasChampion = registry.promotions().stream().anyMatch(promotion -> promotion.runId().equals(runId));
      registry.rollBackTo(runId, reason, ProcessOwner.current("rollback-to-" + runId),
          Duration.ofSeconds(lockStaleAfter));
      System.out.println("Run " + runId + " is the champion of model " + options.model()
          + (wasChampion ? " again" : " now"));
      return 0;
    }
  }

  @Command(name = "migrate", mixinStandardHelpOptions = true,
      description = "Move the runs that an older version published in runs/ under the storage root into the model's "
          + "runs, each in one rename; the champion is not changed.")
  static final class Migrate implements Callable<Integer> {
    @Mixin ModelLocation options;

    @Override
    public Integer call() throws IOException {
      Configuration conf = HadoopConf.beforeSpark();
      options.storage.requireExists(conf);
      ModelRegistry registry = options.registry();
      LegacyRuns legacy = options.legacyRuns();
      List<String> moved = legacy.moveInto(registry);
      System.out.println("Moved " + moved.size() + " run" + (moved.size() == 1 ? "" : "s") + " into model "
          + options.model() + ": " + registry.runLayout().runs());
      List<String> left = legacy.ids();
      if (!left.isEmpty()) {
        System.err.println("models: left in place, since model " + options.model() + " has runs of the same id: "
            + String.join(", ", left));
        return JobRunner.FAILED;
      }
      if (registry.currentChampion().isEmpty() && !moved.isEmpty()) {
        System.out.println("Model " + options.model() + " has no champion: make one with scripts/models.sh rollback "
            + moved.get(moved.size() - 1));
      }
      return 0;
    }
  }
}
