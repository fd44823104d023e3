package io.sparkdigits.serve;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.sparkdigits.common.report.RunReport;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code GET /runs/RUN_ID/report/FILE}: the files of a published run's report (its
 * {@code index.html} and charts), read from the storage root through Hadoop's filesystem. Only
 * files inside a run's report folder: any other name, a {@code ..} among them, is a 404.
 */
final class ReportFiles {
  static final String FILE_ROUTE = "/runs/{runId}/report/<file>";
  private static final String FOLDER_ROUTE = "/runs/{runId}/report";
  /** A file or folder name in a report: no separators, no leading dot (no {@code ..}, no hidden file). */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Map<String, String> CONTENT_TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "png", "image/png",
      "svg", "image/svg+xml",
      "css", "text/css; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "json", "application/json",
      "csv", "text/csv; charset=utf-8",
      "txt", "text/plain; charset=utf-8");
  /** A published run never changes: a browser may keep its report for a day. */
  private static final String CACHE = "public, max-age=86400";

  private final RunFolders runs;

  ReportFiles(RunFolders runs) {
    this.runs = runs;
  }

  /** Where the server serves run {@code runId}'s report. */
  static String url(String runId) {
    return "/runs/" + runId + "/" + RunReport.DIRECTORY + "/" + RunReport.INDEX;
  }

  void register(Javalin app) {
    app.get(FILE_ROUTE, this::serve);
    app.get(FOLDER_ROUTE, ctx -> ctx.redirect(url(ctx.pathParam("runId"))));
  }

  private void serve(Context ctx) throws IOException {
    String runId = ctx.pathParam("runId");
    String file = ctx.pathParam("file");
    Path run = runs.find(runId).orElseThrow(() -> notFound("no published run " + runId));
    for (String name : file.split("/", -1)) {
      if (!NAME.matcher(name).matches() || name.contains("..")) {
        throw notFound("no report file " + file + " in run " + runId);
      }
    }
    FileSystem fs = runs.fileSystem();
    Path target = new Path(new Path(run, RunReport.DIRECTORY), file);
    FileStatus status;
    try {
      status = fs.getFileStatus(target);
    } catch (FileNotFoundException e) {
      throw notFound("no report file " + file + " in run " + runId);
    }
    if (!status.isFile()) {
      throw notFound("no report file " + file + " in run " + runId);
    }
    ctx.contentType(contentType(file)).header("Cache-Control", CACHE).result(fs.open(target));
  }

  private static String contentType(String file) {
    int dot = file.lastIndexOf('.');
    String extension = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
    return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
  }

  private static ApiError notFound(String message) {
    return new ApiError(404, message);
  }
}
