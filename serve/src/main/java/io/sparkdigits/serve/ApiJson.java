package io.sparkdigits.serve;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkdigits.core.json.Json;

/**
 * The project's JSON mapper as the API speaks it: one line per document, and nothing after a
 * request's document. A request's NaN and Infinity are read as numbers, so that the check of the
 * value names them, rather than Jackson refusing them with a hint at its own parser features.
 */
final class ApiJson {
  static final ObjectMapper MAPPER = Json.mapper().copy()
      .disable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());

  private ApiJson() {}
}
