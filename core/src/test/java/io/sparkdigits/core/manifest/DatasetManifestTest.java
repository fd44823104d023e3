package io.sparkdigits.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdigits.core.augment.AugmentSpec;
import io.sparkdigits.core.augment.Augmentation;
import io.sparkdigits.core.augment.DeformationParameters;
import io.sparkdigits.core.idx.IdxFileSummary;
import io.sparkdigits.core.idx.IdxSplitSummary;
import io.sparkdigits.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manifest's optional augmentation: old manifests still read, and content identity includes it. */
class DatasetManifestTest {
  private static final IdxSplitSummary TRAIN = new IdxSplitSummary("train", 3, 2, 2, new long[] {1, 2},
      new IdxFileSummary("file:/in/train-images", false, 28, "a1"), new IdxFileSummary("file:/in/train-labels", false,
      11, "b2"));
  private static final IdxSplitSummary TEST = new IdxSplitSummary("test", 1, 2, 2, new long[] {1, 0},
      new IdxFileSummary("file:/in/t10k-images", false, 20, "c3"), new IdxFileSummary("file:/in/t10k-labels", false,
      9, "d4"));
  private static final DatasetManifest INGESTED = new DatasetManifest(1, "20261125-000000-aaaaaa", 2, 2, 2,
      List.of(TRAIN, TEST), "2026-11-25T00:00:00Z", null, null);

  private static DatasetManifest augmented(AugmentSpec spec) {
    return new DatasetManifest(1, "20261126-000000-bbbbbb", 2, 2, 2, List.of(TRAIN, TEST), "2026-11-26T00:00:00Z",
        Augmentation.of("digits", INGESTED.version(), INGESTED.contentFingerprint(), spec), null);
  }

  /** The ingested content with {@code validation}'s split set aside (its counts do not matter here). */
  private static DatasetManifest withValidation(ValidationSplit validation) {
    IdxSplitSummary set = new IdxSplitSummary(DatasetManifest.VALIDATION, 1, 2, 2, new long[] {0, 1}, TRAIN.images(),
        TRAIN.labels());
    return new DatasetManifest(1, "20261127-000000-cccccc", 2, 2, 2,
        validation.any() ? List.of(TRAIN, set, TEST) : List.of(TRAIN, TEST), "2026-11-27T00:00:00Z", null, validation);
  }

  @Test
  void theValidationSplitIsPartOfTheContentAndNoneKeepsTheFingerprintOfBefore() throws Exception {
    DatasetManifest none = withValidation(new ValidationSplit(0, 42));
    assertThat(none.contentFingerprint()).as("no validation split: the fingerprint of a dataset ingested before")
        .isEqualTo(INGESTED.contentFingerprint());
    assertThat(none.sameContentAs(INGESTED)).isTrue();

    DatasetManifest tenth = withValidation(new ValidationSplit(0.1, 42));
    DatasetManifest read = Json.mapper().readValue(Json.mapper().writeValueAsString(tenth), DatasetManifest.class);
    assertThat(read).as("written and read back").usingRecursiveComparison().isEqualTo(tenth);
    assertThat(read.hasValidationSplit()).isTrue();
    assertThat(INGESTED.hasValidationSplit()).isFalse();
    assertThat(tenth.sameContentAs(INGESTED)).isFalse();
    assertThat(tenth.contentFingerprint()).isNotEqualTo(INGESTED.contentFingerprint());
    for (ValidationSplit other : List.of(new ValidationSplit(0.2, 42), new ValidationSplit(0.1, 43))) {
      assertThat(withValidation(other).sameContentAs(tenth)).as("validation split %s", other).isFalse();
      assertThat(withValidation(other).contentFingerprint()).as("validation split %s", other)
          .isNotEqualTo(tenth.contentFingerprint());
    }
  }

  @Test
  void aManifestWrittenBeforeAugmentationExistedReadsAndKeepsItsFingerprint() throws Exception {
    JsonNode written = Json.mapper().valueToTree(INGESTED);
    assertThat(written.has("augmentation")).as("an ingested manifest has no augmentation key, as before").isFalse();

    DatasetManifest read = Json.mapper().treeToValue(written, DatasetManifest.class);

    assertThat(read.augmentation()).isNull();
    assertThat(read.sameContentAs(INGESTED)).isTrue();
    String sources = "train:a1:b2;test:c3:d4;";
    assertThat(read.contentFingerprint()).as("the fingerprint that registries recorded for models trained on it")
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
            .digest(sources.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void theAugmentationIsPartOfTheContent() throws Exception {
    DeformationParameters parameters = new DeformationParameters(34, 4, 10, 0.1, 0.2, 1);
    DatasetManifest augmented = augmented(new AugmentSpec(9, 42, parameters));

    DatasetManifest read = Json.mapper().readValue(Json.mapper().writeValueAsString(augmented), DatasetManifest.class);
    assertThat(read).as("written and read back").usingRecursiveComparison().isEqualTo(augmented);
    assertThat(augmented.sameContentAs(read.withVersion("another"))).isTrue();

    assertThat(augmented.sameContentAs(INGESTED)).as("an augmented dataset is not its source").isFalse();
    assertThat(INGESTED.sameContentAs(augmented)).isFalse();
    assertThat(augmented.contentFingerprint()).isNotEqualTo(INGESTED.contentFingerprint());
    for (AugmentSpec other : List.of(new AugmentSpec(8, 42, parameters), new AugmentSpec(9, 43, parameters),
        new AugmentSpec(9, 42, new DeformationParameters(34, 4, 10, 0.1, 0.2, 2)))) {
      assertThat(augmented(other).sameContentAs(augmented)).as("augmented with %s", other).isFalse();
      assertThat(augmented(other).contentFingerprint()).as("augmented with %s", other)
          .isNotEqualTo(augmented.contentFingerprint());
    }
  }
}
