package io.sparkdigits.serve;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.sparkdigits.core.metrics.RunMetrics;
import io.sparkdigits.core.registry.Champion;
import io.sparkdigits.core.registry.Decision;
import io.sparkdigits.core.registry.ModelRegistry;
import io.sparkdigits.core.registry.ModelRegistry.RunSummary;
import io.sparkdigits.core.report.RunReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;

/**
 * {@code GET /api/model}: the model being served, why it is, and its metrics; {@code GET
 * /api/registry}: the model's registry, its runs with their decisions and its promotion history,
 * as the registry page shows them. Field names are listed in docs/serving.md.
 */
final class RegistryRoutes {
  static final String MODEL = "/api/model";
  static final String REGISTRY = "/api/registry";

  /** The served model. The promotion's fields are null for a fixed {@code --run}. */
  record ModelView(
      String model,
      String runId,
      boolean followingChampion,
      Long promotionNumber,
      String promotedAt,
      String reason,
      String replacesRunId,
      Double testAccuracy,
      Double testLoss,
      String reportUrl,
      int side,
      int classes,
      List<ServedModel.Layer> layers,
      long parameters,
      String loadedAt,
      RunMetrics metrics) {}

  /** A promotion of the pointer log: number 1 is the first champion. */
  record PromotionView(long number, String runId, String promotedAt, Double testAccuracy, String reason,
      String replacesRunId, String reportUrl) {}

  /** What retraining decided about a run (accuracies null where there was none to score). */
  record DecisionView(String outcome, String reason, String decidedAt, String championBefore,
      Double championAccuracy, Double challengerAccuracy, Double margin) {}

  /** A published run of the model. */
  record RunView(String runId, Double testAccuracy, boolean champion, boolean served, DecisionView decision,
      String reportUrl) {}

  /** The registry: {@code champion} null when the model has none, {@code servedRunId} null before a model loaded. */
  record RegistryView(String model, String servedRunId, boolean followingChampion, PromotionView champion,
      List<RunView> runs, List<PromotionView> promotions) {}

  private final ModelSource models;
  private final ModelRegistry registry;
  private final RunFolders runs;

  RegistryRoutes(ModelSource models, ModelRegistry registry, RunFolders runs) {
    this.models = models;
    this.registry = registry;
    this.runs = runs;
  }

  void register(Javalin app) {
    app.get(MODEL, this::model);
    app.get(REGISTRY, this::registry);
  }

  private void model(Context ctx) throws IOException {
    ServedModel served = Health.requireModel(models);
    Optional<Champion> champion = served.champion();
    RunMetrics metrics = served.metrics();
    ctx.json(new ModelView(served.model(), served.runId(), models.followsChampion(),
        champion.map(Champion::number).orElse(null),
        champion.map(c -> c.promotion().promotedAt()).orElse(null),
        champion.map(c -> c.promotion().reason()).orElse(null),
        champion.map(c -> c.promotion().replacesRunId()).orElse(null),
        served.testAccuracy(), metrics.test() == null ? null : finite(metrics.test().loss()), reportUrl(served.runId()),
        served.side(), served.classes(), served.layers(), served.parameters(), served.loadedAt().toString(), metrics));
  }

  private void registry(Context ctx) throws IOException {
    String servedRunId = models.current().map(ServedModel::runId).orElse(null);
    List<Champion> history = registry.championHistory();
    String championRunId = history.isEmpty() ? null : history.get(history.size() - 1).runId();
    List<RunView> runViews = new ArrayList<>();
    for (RunSummary run : registry.runs()) {
      runViews.add(new RunView(run.runId(), finite(run.testAccuracy()), run.runId().equals(championRunId),
          run.runId().equals(servedRunId), run.decision().map(RegistryRoutes::decision).orElse(null),
          reportUrl(run.runId())));
    }
    List<PromotionView> promotions = new ArrayList<>();
    for (Champion promotion : history) {
      promotions.add(new PromotionView(promotion.number(), promotion.runId(), promotion.promotion().promotedAt(),
          finite(promotion.promotion().testAccuracy()), promotion.promotion().reason(),
          promotion.promotion().replacesRunId(), reportUrl(promotion.runId())));
    }
    ctx.json(new RegistryView(registry.name(), servedRunId, models.followsChampion(),
        promotions.isEmpty() ? null : promotions.get(promotions.size() - 1), runViews, promotions));
  }

  private static DecisionView decision(Decision decision) {
    return new DecisionView(decision.outcome().name(), decision.reason(), decision.decidedAt(),
        decision.championBefore(), finite(decision.championAccuracy()), finite(decision.challengerAccuracy()),
        finite(decision.margin()));
  }

  /** The run's report URL, or null when the run (deleted by retention since) or its report is not there. */
  private String reportUrl(String runId) throws IOException {
    Optional<Path> run = runs.find(runId);
    boolean present = run.isPresent()
        && runs.fileSystem().exists(new Path(new Path(run.get(), RunReport.DIRECTORY), RunReport.INDEX));
    return present ? ReportFiles.url(runId) : null;
  }

  /** JSON has no NaN: a score that was not taken is null. */
  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
