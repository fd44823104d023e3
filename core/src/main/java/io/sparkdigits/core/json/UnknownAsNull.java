package io.sparkdigits.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * A number that may be unknown (NaN) in a JSON document: written as null, since JSON has no NaN
 * (Jackson's own way, the string "NaN", is no number to any other reader), and read back as NaN
 * from null, a missing field, or the string "NaN" that files written before hold. For a record's
 * component: {@code @JsonSerialize(using = UnknownAsNull.Writer.class)
 * @JsonDeserialize(using = UnknownAsNull.Reader.class) double accuracy}.
 */
public final class UnknownAsNull {
  private UnknownAsNull() {}

  public static final class Writer extends StdSerializer<Double> {
    private static final long serialVersionUID = 1L;

    public Writer() {
      super(Double.class);
    }

    @Override
    public void serialize(Double value, JsonGenerator out, SerializerProvider provider) throws IOException {
      if (value.isNaN()) {
        out.writeNull();
      } else {
        out.writeNumber(value);
      }
    }
  }

  public static final class Reader extends NumberDeserializers.DoubleDeserializer {
    private static final long serialVersionUID = 1L;

    public Reader() {
      super(Double.class, Double.NaN);
    }
  }
}
