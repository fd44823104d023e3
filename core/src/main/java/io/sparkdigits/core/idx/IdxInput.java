package io.sparkdigits.core.idx;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An open IDX file on any Hadoop filesystem, raw or gzip-compressed, positioned after its header.
 *
 * <p>Compression is recognised from the content (gzip's magic bytes), not the file name, so a file
 * called {@code .gz} that is not compressed, or the reverse, still reads. Items are read one at a
 * time; a file that ends early fails with an error naming the item where it ended.
 */
public final class IdxInput implements Closeable {
  private static final int BUFFER_BYTES = 1 << 16;

  private final String file;
  private final boolean compressed;
  private final DataInputStream data;
  private final IdxHeader header;
  private long position;

  private IdxInput(String file, boolean compressed, DataInputStream data) throws IOException {
    this.file = file;
    this.compressed = compressed;
    this.data = data;
    try {
      this.header = IdxHeader.read(data, file);
    } catch (ZipException e) {
      throw corrupt(e, "in the IDX header");
    }
  }

  public static IdxInput open(FileSystem fs, Path path) throws IOException {
    return open(fs, path, null);
  }

  /** Opens {@code path}; when {@code digest} is given it sees every decompressed byte that is read. */
  public static IdxInput open(FileSystem fs, Path path, MessageDigest digest) throws IOException {
    String file = path.toString();
    FSDataInputStream raw = fs.open(path, BUFFER_BYTES);
    try {
      boolean compressed = startsWithGzipMagic(raw);
      InputStream content = compressed ? gunzip(raw, file) : raw;
      if (digest != null) {
        content = new DigestInputStream(content, digest);
      }
      return new IdxInput(file, compressed, new DataInputStream(new BufferedInputStream(content, BUFFER_BYTES)));
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  public String file() {
    return file;
  }

  public IdxHeader header() {
    return header;
  }

  public boolean compressed() {
    return compressed;
  }

  /**
   * Moves forward to item {@code index}. On a raw file the skip becomes a seek in the filesystem's
   * stream; a gzip file is decompressed and discarded up to there.
   */
  public void skipTo(long index) throws IOException {
    if (index < position || index > header.count()) {
      throw new IllegalArgumentException("cannot move from item " + position + " to " + index + " in " + file);
    }
    try {
      data.skipNBytes((index - position) * header.itemBytes());
    } catch (EOFException e) {
      throw truncatedAt(position);
    } catch (ZipException e) {
      throw corrupt(e, "before item " + index);
    }
    position = index;
  }

  /** Reads the next item into {@code item}, whose length must be {@link IdxHeader#itemBytes()}. */
  public void readItem(byte[] item) throws IOException {
    if (position >= header.count()) {
      throw new IllegalStateException("all " + header.count() + " items of " + file + " were read");
    }
    try {
      data.readFully(item);
    } catch (EOFException e) {
      throw truncatedAt(position);
    } catch (ZipException e) {
      throw corrupt(e, "in item " + position);
    }
    position++;
  }

  /** Checks that nothing follows the last item: a longer file means its header does not describe it. */
  public void requireEndOfData() throws IOException {
    if (position != header.count()) {
      throw new IllegalStateException("only " + position + " of " + header.count() + " items of " + file + " were read");
    }
    int next;
    try {
      next = data.read();
    } catch (ZipException e) {
      throw corrupt(e, "after the last item");
    }
    if (next != -1) {
      throw new IdxFormatException(file, "unexpected bytes after the " + header.count()
          + " items that the header (shape " + header.shape() + ") announces");
    }
  }

  @Override
  public void close() throws IOException {
    data.close();
  }

  private IdxFormatException truncatedAt(long item) {
    return new IdxFormatException(file, "truncated: the header announces " + header.count()
        + " items (shape " + header.shape() + ") but the data ends in item " + item);
  }

  private IdxFormatException corrupt(ZipException e, String where) {
    return new IdxFormatException(file, "corrupt gzip data " + where + ": " + e.getMessage());
  }

  private static boolean startsWithGzipMagic(FSDataInputStream in) throws IOException {
    int first = in.read();
    int second = in.read();
    in.seek(0);
    return first == 0x1f && second == 0x8b;
  }

  private static InputStream gunzip(InputStream in, String file) throws IOException {
    try {
      return new GZIPInputStream(in, BUFFER_BYTES);
    } catch (ZipException | EOFException e) {
      throw new IdxFormatException(file, "corrupt gzip header: " + e.getMessage());
    }
  }
}
