package io.sparkdigits.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.JavalinConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * What Jetty answers by itself, before a request reaches Javalin's routes (a malformed request
 * line or header, an ambiguous path such as {@code /..%2f}, too large a header): the same one-line
 * JSON error as the API's, not Jetty's HTML page; and the headers every response carries.
 */
final class JettyAnswers {
  /** Browsers must take a response for its declared Content-Type, never guess one from its bytes. */
  private static final HttpField NO_SNIFFING = new HttpField("X-Content-Type-Options", "nosniff");

  private JettyAnswers() {}

  static void configure(JavalinConfig config) {
    config.jetty.modifyHttpConfiguration(http -> http.addCustomizer(
        (connector, channelConfig, request) -> request.getResponse().getHttpFields().put(NO_SNIFFING)));
    JsonErrors errors = new JsonErrors();
    config.jetty.modifyServer(server -> server.setErrorHandler(errors));
    config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errors));
  }

  /** Jetty's errors as {@code {"error": "..."}}, for every method. */
  private static final class JsonErrors extends ErrorHandler {
    @Override
    public boolean errorPageForMethod(String method) {
      return true;
    }

    /**
     * A request Jetty refuses before any handler runs: one it could not parse, an ambiguous path
     * ({@code /..%2f}), headers too large.
     */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON.asString());
      fields.put(NO_SNIFFING);
      return ByteBuffer.wrap(body(status, reason));
    }

    /** An error a Jetty handler sends rather than a route (sendError), such as a context not available. */
    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
        HttpServletResponse response, int code, String message) throws IOException {
      baseRequest.setHandled(true);
      response.setContentType(MimeTypes.Type.APPLICATION_JSON.asString());
      response.setHeader(NO_SNIFFING.getName(), NO_SNIFFING.getValue());
      response.getOutputStream().write(body(code, message));
    }

    private static byte[] body(int status, String reason) {
      String says = HttpStatus.getMessage(status);
      String message = reason == null || reason.isBlank() || reason.equals(says) ? says : says + ": " + reason;
      try {
        return ApiJson.MAPPER.writeValueAsBytes(ApiError.Body.of(message));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
