package io.sparkdigits.common.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sparkdigits.common.storage.HadoopFiles;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** JSON documents on Hadoop filesystems, with one mapper configured for the whole project. */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      // a document written by another release of spark-digits (a staged run's training record, a
      // dataset's manifest, the registry's logs on shared storage) may hold fields this one does
      // not know: what it does know still reads
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static void write(FileSystem fs, Path path, Object value) throws IOException {
    HadoopFiles.writeAtomically(fs, path, out -> MAPPER.writeValue(out, value));
  }

  public static <T> T read(FileSystem fs, Path path, Class<T> type) throws IOException {
    try (InputStream in = fs.open(path)) {
      return MAPPER.readValue(in, type);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException("Failed to read " + path + ": " + e.getOriginalMessage(), e);
    }
  }
}
