package io.sparkdigits.serve;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;

/**
 * Reading a request's body within the size limit, and telling its media type. A body over the
 * limit is refused by its Content-Length before a byte is read, or, sent without one (chunked),
 * after reading one byte past the limit: never held whole in memory.
 */
final class RequestBodies {
  private RequestBodies() {}

  /** The body's media type, lower case, without parameters ({@code charset}); empty when none was sent. */
  static String mediaType(Context ctx) {
    String type = ctx.contentType();
    if (type == null) {
      return "";
    }
    int parameters = type.indexOf(';');
    return (parameters < 0 ? type : type.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
  }

  /** Refuses with 415 a body that is none of {@code accepted}. */
  static String requireMediaType(Context ctx, Set<String> accepted, String expected) {
    String type = mediaType(ctx);
    if (!accepted.contains(type)) {
      throw new ApiError(415, "Content-Type " + (type.isEmpty() ? "missing" : type) + ": send " + expected);
    }
    return type;
  }

  /** The body, at most {@code limit} bytes (413 past it) and not empty (400). */
  static byte[] read(Context ctx, long limit) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(declared + " bytes", limit);
    }
    byte[] body;
    try (InputStream in = ctx.req().getInputStream()) {
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read the request body", e);
    }
    if (body.length > limit) {
      throw tooLarge("more than " + limit + " bytes", limit);
    }
    if (body.length == 0) {
      throw ApiError.badRequest("empty body: send the image or the JSON in the request's body");
    }
    return body;
  }

  private static ApiError tooLarge(String size, long limit) {
    return ApiError.tooLarge("the body is " + size + ", over the limit of " + limit + " bytes");
  }
}
