package io.sparkdigits.serve;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.sparkdigits.core.report.RunReport;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code GET /runs/RUN_ID/report/FILE}: the files of a published run's report (its
 * {@code index.html} and charts), read from the storage root through Hadoop's filesystem. Only
 * regular files inside a run's report folder: any other name, a {@code ..} among them, a folder,
 * a symbolic link, is a 404.
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
    InputStream content = open(run, RunReport.DIRECTORY + "/" + file)
        .orElseThrow(() -> notFound("no report file " + file + " in run " + runId));
    ctx.contentType(contentType(file)).header("Cache-Control", CACHE).result(content);
  }

  /**
   * The regular file at {@code relative} below the folder of run {@code run}, opened; empty when
   * there is none. On a local filesystem no symbolic link below the run's folder is followed: each
   * folder on the way must be a folder, and the file a regular file, as they are, not as a link
   * points (a link to a file or a folder is no file of the report). Hadoop's clients of other
   * stores follow no links (HDFS's are disabled in Hadoop 3, S3 has none): a file there is where
   * its path says.
   */
  private Optional<InputStream> open(Path run, String relative) throws IOException {
    FileSystem fs = runs.fileSystem();
    if (!"file".equals(fs.getScheme())) {
      Path target = new Path(run, relative);
      try {
        return fs.getFileStatus(target).isFile() ? Optional.of(fs.open(target)) : Optional.empty();
      } catch (FileNotFoundException e) {
        return Optional.empty();
      }
    }
    java.nio.file.Path target;
    try {
      target = java.nio.file.Path.of(fs.makeQualified(run).toUri()).toRealPath();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    String[] names = relative.split("/");
    for (int i = 0; i < names.length; i++) {
      target = target.resolve(names[i]);
      boolean there = i < names.length - 1 ? Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)
          : Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS);
      if (!there) {
        return Optional.empty();
      }
    }
    return Optional.of(Files.newInputStream(target, LinkOption.NOFOLLOW_LINKS));
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
