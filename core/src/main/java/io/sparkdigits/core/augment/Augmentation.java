package io.sparkdigits.core.augment;

/**
 * How an augmented dataset was made, recorded in its manifest: the dataset and version its
 * training split came from, that version's content fingerprint, the number of copies, the seed,
 * the deformation's parameters and the version of the algorithm ({@link ElasticDeformation#VERSION}).
 */
public record Augmentation(
    String sourceDataset,
    String sourceVersion,
    String sourceFingerprint,
    int copies,
    long seed,
    DeformationParameters deformation,
    int deformationVersion) {

  public static Augmentation of(String sourceDataset, String sourceVersion, String sourceFingerprint, AugmentSpec spec) {
    return new Augmentation(sourceDataset, sourceVersion, sourceFingerprint, spec.copies(), spec.seed(),
        spec.deformation(), ElasticDeformation.VERSION);
  }

  /**
   * What decides the augmented content: the source's content (not its name or version id, which
   * other ingests of the same files change) and everything that makes the copies.
   */
  public String contentIdentity() {
    DeformationParameters p = deformation;
    return "augmented:" + sourceFingerprint + ":copies=" + copies + ":seed=" + seed + ":deformation=" + deformationVersion
        + ":alpha=" + p.elasticAlpha() + ":sigma=" + p.elasticSigma() + ":rotation=" + p.maxRotationDegrees()
        + ":scale=" + p.maxScale() + ":shear=" + p.maxShear() + ":shift=" + p.maxShift();
  }
}
