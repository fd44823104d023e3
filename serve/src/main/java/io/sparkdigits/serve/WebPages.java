package io.sparkdigits.serve;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

/**
 * The pages a person opens in a browser, served from the jar's {@code web/} folder at {@code /}:
 * they need no network beyond this server.
 */
final class WebPages {
  static final String FOLDER = "/web";

  private WebPages() {}

  static void configure(JavalinConfig config) {
    if (WebPages.class.getResource(FOLDER) == null) {
      return;
    }
    config.staticFiles.add(files -> {
      files.hostedPath = "/";
      files.directory = FOLDER;
      files.location = Location.CLASSPATH;
    });
  }
}
