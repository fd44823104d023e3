package io.sparkdigits.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/serve.sh's command line: a mistake is one line on stderr and exit status 2. */
class ServeMainTest {
  @TempDir Path root;

  private record Exit(int status, String err) {}

  private static Exit serve(String... args) {
    StringWriter err = new StringWriter();
    int status = ServeMain.run(args, new PrintWriter(err, true));
    return new Exit(status, err.toString());
  }

  @Test
  void aMistakeEndsWithOneLineAndStatus2() throws Exception {
    TestRegistry registry = new TestRegistry(root);
    registry.publish("run-a", 1);
    String[][] mistakes = {
        {"--out", root.resolve("missing").toString()},
        {"--out", root.toString()},
        {"--out", root.toString(), "--model", "other"},
        {"--out", root.toString(), "--run", "run-z"},
        {"--out", root.toString(), "--port", "-1"},
        {"--out", root.toString(), "--poll-interval", "0"},
        {"--out", root.toString(), "--network-copies", "0"},
        {"--out", root.toString(), "--max-body-bytes", "lots"},
        {"--out", root.toString(), "--colour", "blue"},
        {"--out", root.toString(), "--model", ".."},
        {"--out", root.toString(), "--model", ""},
        {"--out", root.toString(), "--run", "../run-a"}};
    String[] says = {"no such folder", "model digits has no champion under", "model other has no champion",
        "--run run-z: no published run", "--port must lie in 0 to 65535", "--poll-interval must be a positive",
        "--network-copies must be positive", "Invalid value for option '--max-body-bytes'", "Unknown option",
        "--model '..' is not a name (names are 1 to 128 ASCII letters", "--model '' is not a name",
        "--run '../run-a' is not a name"};
    for (int i = 0; i < mistakes.length; i++) {
      Exit exit = serve(mistakes[i]);
      assertThat(exit.status()).as("the status of %s (%s)", String.join(" ", mistakes[i]), exit.err()).isEqualTo(2);
      assertThat(exit.err().strip()).as("what %s says", String.join(" ", mistakes[i]))
          .startsWith("serve: ").contains(says[i]).doesNotContain("\n");
    }
  }

  @Test
  void aPortInUseIsSaidBeforeAnyModelIsLoaded() throws Exception {
    TestRegistry registry = new TestRegistry(root);
    // a run whose model cannot be loaded: had the server loaded it first, that would be what it says
    Path broken = Path.of(registry.publish("run-broken", 1).toUri());
    Files.writeString(broken.resolve("model.zip"), "not a zip");
    try (LogCapture log = new LogCapture();
        ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      String port = Integer.toString(taken.getLocalPort());
      Exit exit = serve("--out", root.toString(), "--run", "run-broken", "--port", port);

      assertThat(exit.status()).as(exit.err()).isEqualTo(2);
      assertThat(exit.err().strip()).isEqualTo("serve: --host 127.0.0.1 --port " + port
          + ": cannot listen there: Port already in use. Make sure no other process is using port " + port
          + " and try again.");
      assertThat(log.text()).as("nothing was loaded").doesNotContain("model.zip");
    }
  }
}
