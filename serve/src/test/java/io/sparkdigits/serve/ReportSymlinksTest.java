package io.sparkdigits.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report route over a real storage root with symbolic links in its runs' report folders: a link
 * is never followed, to a file or a folder, whatever the link's place; the report's own files are.
 */
class ReportSymlinksTest {
  private static final String RUN = "20261127-100000-aaaaaa";
  private static final String LINKED_REPORT = "20261127-110000-bbbbbb";

  @TempDir Path root;
  @TempDir Path outside;

  @Test
  void noSymbolicLinkIsFollowedAndTheReportsFilesAreServed() throws Exception {
    TestRegistry registry = new TestRegistry(root);
    Path report = Path.of(registry.publish(RUN, 1).toUri()).resolve("report");
    registry.promote(RUN, "first champion");
    Path secret = Files.writeString(outside.resolve("secret.txt"), "not for the web");
    Files.writeString(outside.resolve("index.html"), "<p>not a report</p>");
    Files.createSymbolicLink(report.resolve("passwd.txt"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(report.resolve("secret.txt"), secret);
    Files.createSymbolicLink(report.resolve("elsewhere"), outside);
    Files.createSymbolicLink(report.resolve("loop"), report.resolve("loop"));
    Files.writeString(Files.createDirectory(report.resolve("notes")).resolve("readme.txt"), "a file of the report");
    // a run whose whole report folder is a link out of it
    Path linkedReport = Path.of(registry.publish(LINKED_REPORT, 2).toUri()).resolve("report");
    registry.fs.delete(new org.apache.hadoop.fs.Path(linkedReport.toUri()), true);
    Files.createSymbolicLink(linkedReport, outside);
    // the storage root itself may be reached through a link, as a mount often is
    Path rootLink = Files.createSymbolicLink(outside.resolve("root-link"), root);

    try (DigitServer server = DigitServer.start(ServeSettings.following(rootLink.toString(), TestRegistry.MODEL),
        registry.conf)) {
      Http http = new Http(server.port());
      String files = "/runs/" + RUN + "/report/";
      for (String refused : new String[] {
          files + "passwd.txt", files + "secret.txt", files + "elsewhere", files + "elsewhere/secret.txt",
          files + "loop", files + "loop/index.html", files + "notes", files + "index.html/notes",
          "/runs/" + LINKED_REPORT + "/report/index.html"}) {
        HttpResponse<String> response = http.get(refused);

        assertThat(response.statusCode()).as("GET %s", refused).isEqualTo(404);
        assertThat(response.body()).as("GET %s", refused).startsWith("{\"error\":\"no report file ")
            .doesNotContain("root:").doesNotContain("not for the web").doesNotContain("not a report");
      }
      assertThat(http.get(files + "index.html").statusCode()).isEqualTo(200);
      assertThat(http.getBytes(files + "confusion-matrix.png").statusCode()).isEqualTo(200);
      HttpResponse<String> nested = http.get(files + "notes/readme.txt");
      assertThat(nested.statusCode()).isEqualTo(200);
      assertThat(nested.body()).isEqualTo("a file of the report");
    }
  }
}
