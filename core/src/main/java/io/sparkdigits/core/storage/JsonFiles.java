package io.sparkdigits.core.storage;

import com.fasterxml.jackson.core.JacksonException;
import io.sparkdigits.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * JSON documents on Hadoop filesystems, read and written with the project's mapper ({@link Json}),
 * written whole ({@link HadoopFiles#writeAtomically}).
 */
public final class JsonFiles {
  private JsonFiles() {}

  public static void write(FileSystem fs, Path path, Object value) throws IOException {
    HadoopFiles.writeAtomically(fs, path, out -> Json.mapper().writeValue(out, value));
  }

  public static <T> T read(FileSystem fs, Path path, Class<T> type) throws IOException {
    try (InputStream in = fs.open(path)) {
      return Json.mapper().readValue(in, type);
    } catch (JacksonException e) {
      throw new IOException("Failed to read " + path + ": " + Json.problem(e), e);
    }
  }
}
