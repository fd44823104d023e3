package io.sparkdigits.jobs.cli;

import io.sparkdigits.core.storage.StorageName;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The value of an option that names something under the storage root (a model, a dataset, a run),
 * checked as it is parsed, a default from a config file included: one that is not a {@link
 * StorageName} is a usage error naming the option, before anything reads or writes the root.
 */
public final class NameOption implements ITypeConverter<String> {
  @Override
  public String convert(String value) {
    if (!StorageName.isValid(value)) {
      throw new TypeConversionException(StorageName.problem(value));
    }
    return value;
  }
}
