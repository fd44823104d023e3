package io.sparkdigits.serve;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkdigits.common.json.Json;

/** The project's JSON mapper as the API speaks it: one line per document, and nothing after a request's document. */
final class ApiJson {
  static final ObjectMapper MAPPER = Json.mapper().copy()
      .disable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ApiJson() {}
}
