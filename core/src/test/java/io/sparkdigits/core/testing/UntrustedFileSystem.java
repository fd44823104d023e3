package io.sparkdigits.core.testing;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local filesystem under scheme {@code untrusted:}: a real filesystem, but not one the project
 * trusts with an atomic exclusive create, as it does not trust S3A. Hadoop finds it through
 * {@code META-INF/services}, so {@code untrusted:///tmp/x} works wherever a path does in tests.
 */
public final class UntrustedFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "untrusted";

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  /** {@code path} (absolute, local) as an {@code untrusted:} URI. */
  public static String uri(java.nio.file.Path path) {
    return SCHEME + "://" + path.toAbsolutePath();
  }
}
