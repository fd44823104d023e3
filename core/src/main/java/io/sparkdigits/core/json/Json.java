package io.sparkdigits.core.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonMappingException.Reference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Arrays;
import java.util.Collection;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The project's JSON: one mapper configured for every document, and what is wrong with a document
 * said in its own terms. Reading and writing them on storage: {@code storage.JsonFiles}.
 */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      // a document written by another release of spark-digits (a staged run's training record, a
      // dataset's manifest, the registry's logs on shared storage) may hold fields this one does
      // not know: what it does know still reads
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  /** Where Jackson's own messages name the Java class of the stream they read ([Source: (Class$Inner); line: ...]). */
  private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\[\\]]*?; line:");

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * What is wrong with a JSON document, for the person who wrote it: where, and what, in the
   * document's own terms (its keys and their places), never the Java class it was read into nor
   * the stream it came from, which Jackson's messages name.
   */
  public static String problem(JacksonException e) {
    JsonLocation at = e.getLocation();
    String where = at == null || at.getLineNr() < 1 ? ""
        : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
    if (e instanceof UnrecognizedPropertyException unknown) {
      Collection<Object> known = unknown.getKnownPropertyIds();
      return where + "unknown key " + place(unknown) + (known == null || known.isEmpty() ? ""
          : " (known: " + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")");
    }
    if (e instanceof MismatchedInputException mismatch) {
      String place = place(mismatch);
      return where + (place.isEmpty() ? "the document" : place) + ": expected " + kind(mismatch.getTargetType());
    }
    return where + SOURCE.matcher(e.getOriginalMessage()).replaceAll("[line:");
  }

  /** Where in the document a value is, as {@code candidates[0].name}. */
  private static String place(JsonMappingException e) {
    StringBuilder place = new StringBuilder();
    for (Reference step : e.getPath()) {
      if (step.getFieldName() != null) {
        place.append(place.length() == 0 ? "" : ".").append(step.getFieldName());
      } else if (step.getIndex() >= 0) {
        place.append('[').append(step.getIndex()).append(']');
      }
    }
    return place.toString();
  }

  /** What kind of JSON value {@code type} is read from, in JSON's words. */
  private static String kind(Class<?> type) {
    if (type == null) {
      return "another kind of value";
    }
    if (CharSequence.class.isAssignableFrom(type)) {
      return "a string";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "an object";
  }
}
