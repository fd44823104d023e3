package io.sparkdigits.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A storage root written before every run belonged to a model, its runs in {@code ROOT/runs}: the
 * server serves one by id, with its report, and says in one line how to move them into a model.
 */
class OldLayoutRootTest {
  private static final String RUN = "20261130-120000-0a1b2c";

  @TempDir Path root;

  /** A registry with no model folder at all, and run {@link #RUN} where the pipeline published it before. */
  private TestRegistry oldRoot() throws Exception {
    TestRegistry registry = new TestRegistry(root);
    Path published = Path.of(registry.publish(RUN, 1).toUri());
    Files.createDirectories(root.resolve("runs"));
    Files.move(published, root.resolve("runs").resolve(RUN));
    deleteTree(root.resolve("models"));
    return registry;
  }

  private String notice() {
    return "file:" + root.resolve("runs") + " holds 1 run published before every run belonged to a model: "
        + "scripts/models.sh migrate --out file:" + root + " --model digits moves them into model digits";
  }

  @Test
  void aRunOfAnOldRootIsServedByIdAndTheLogSaysHowToMoveIt() throws Exception {
    TestRegistry registry = oldRoot();
    try (LogCapture log = new LogCapture();
        DigitServer server = DigitServer.start(registry.settings().withRun(RUN), registry.conf)) {
      Http http = new Http(server.port());
      assertThat(http.get("/healthz").statusCode()).isEqualTo(200);
      HttpResponse<String> prediction = http.postJson("/api/predict", Http.pixelsJson(Digits.get().testPixels(0)));
      assertThat(prediction.statusCode()).isEqualTo(200);
      assertThat(Http.json(prediction).path("runId").asText()).isEqualTo(RUN);
      assertThat(http.get(ReportFiles.url(RUN)).statusCode()).as("its report").isEqualTo(200);
      assertThat(log.text().lines().filter(line -> line.contains("scripts/models.sh migrate")))
          .as("one line:%n%s", log.text()).containsExactly("WARN " + notice());
    }
  }

  @Test
  void withNoFlagsTheServerSaysHowToMoveTheRunsAndMakeOneTheChampion() throws Exception {
    oldRoot();
    StringWriter err = new StringWriter();
    int status = ServeMain.run(new String[] {"--out", root.toString(), "--port", "0"}, new PrintWriter(err, true));

    assertThat(status).as(err.toString()).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("serve: model digits has no champion under file:" + root + ": "
        + notice() + ", then make one the champion with scripts/models.sh rollback RUN_ID; or serve a run with "
        + "--run RUN_ID");
  }

  private static void deleteTree(Path folder) throws Exception {
    try (var paths = Files.walk(folder)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
