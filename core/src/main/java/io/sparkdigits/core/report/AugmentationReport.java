package io.sparkdigits.core.report;

import io.sparkdigits.core.augment.Augmentation;
import io.sparkdigits.core.augment.DeformationParameters;
import io.sparkdigits.core.idx.IdxSplitSummary;
import io.sparkdigits.core.manifest.DatasetManifest;
import io.sparkdigits.core.storage.HadoopFiles;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The report of an augmented dataset version, so that a person can see what a model was trained
 * on: how the dataset was made, and a grid with, in each row, an original training image beside
 * its first deformed copies. It lives in the version's directory under a name that Spark and other
 * Parquet readers skip ({@value #DIRECTORY}), since they read a version's directory as a table.
 */
public final class AugmentationReport {
  public static final String DIRECTORY = "_report";
  public static final String INDEX = "index.html";
  static final String GRID = "augmentations.png";
  private static final Color COPY = new Color(0x555555);

  /**
   * One original training image and its copies: {@code images.get(0)} is the original, then copy
   * 1, 2, ...; every sample of a report has as many.
   */
  public record Sample(int index, int label, List<byte[]> images) {}

  private AugmentationReport() {}

  /** Writes the report of dataset {@code name}'s version that {@code manifest} describes into {@code directory}. */
  public static void write(FileSystem fs, Path directory, String name, DatasetManifest manifest, List<Sample> samples)
      throws IOException {
    int perRow = samples.isEmpty() ? 1 : samples.get(0).images().size();
    if (!samples.isEmpty()) {
      BufferedImage grid = DigitGrid.of(cells(samples), perRow, manifest.rows(), manifest.columns());
      HadoopFiles.writeAtomically(fs, new Path(directory, GRID), out -> ImageIO.write(grid, "png", out));
    }
    String page = html(name, manifest, samples.size(), perRow - 1);
    HadoopFiles.writeAtomically(fs, new Path(directory, INDEX), out -> out.write(page.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<DigitGrid.Cell> cells(List<Sample> samples) {
    List<DigitGrid.Cell> cells = new ArrayList<>();
    for (Sample sample : samples) {
      for (int copy = 0; copy < sample.images().size(); copy++) {
        DigitGrid.Caption caption = copy == 0
            ? new DigitGrid.Caption("#" + sample.index() + " label " + sample.label(), Color.BLACK)
            : new DigitGrid.Caption("copy " + copy, COPY);
        cells.add(new DigitGrid.Cell(sample.images().get(copy), List.of(caption)));
      }
    }
    return cells;
  }

  private static String html(String name, DatasetManifest manifest, int originals, int copiesShown) {
    Augmentation augmentation = manifest.augmentation();
    DeformationParameters p = augmentation.deformation();
    StringBuilder page = new StringBuilder()
        .append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>spark-digits dataset ")
        .append(ReportPage.escape(name)).append("</title><style>").append(ReportPage.STYLE).append("</style></head><body>\n")
        .append("<h1>Dataset ").append(ReportPage.escape(name)).append(", version ")
        .append(ReportPage.escape(manifest.version())).append("</h1>\n")
        .append("<p>The training split of dataset ").append(ReportPage.escape(augmentation.sourceDataset()))
        .append(", version ").append(ReportPage.escape(augmentation.sourceVersion()))
        .append(String.format(", with %d deformed copies of every image beside the image itself (seed %d, "
            + "deformation version %d); the other splits as they were. Created %s.</p>%n", augmentation.copies(),
            augmentation.seed(), augmentation.deformationVersion(), ReportPage.escape(manifest.createdAt())));

    page.append("<table><tr><th>split</th><th>images</th><th>label counts</th></tr>\n");
    for (IdxSplitSummary split : manifest.splits()) {
      StringBuilder labels = new StringBuilder();
      for (int label = 0; label < split.labelCounts().length; label++) {
        labels.append(label == 0 ? "" : ", ").append(label).append(": ").append(String.format("%,d", split.labelCounts()[label]));
      }
      page.append(String.format("<tr><td>%s</td><td>%,d</td><td>%s</td></tr>%n", ReportPage.escape(split.split()),
          split.count(), labels));
    }
    page.append("</table>\n");

    page.append("<h2>Deformation</h2>\n<p>Elastic distortion and a random affine transform (Simard, Steinkraus and "
            + "Platt, 2003), bilinear resampling; lengths in pixels, each affine part drawn uniformly within its "
            + "bound.</p>\n<table><tr><th>elastic alpha</th><th>elastic sigma</th><th>max rotation</th>"
            + "<th>max scale</th><th>max shear</th><th>max shift</th></tr>\n")
        .append(String.format("<tr><td>%s</td><td>%s</td><td>&plusmn;%s&deg;</td><td>1 &plusmn; %s</td>"
                + "<td>&plusmn;%s</td><td>&plusmn;%s px</td></tr></table>%n", p.elasticAlpha(), p.elasticSigma(),
            p.maxRotationDegrees(), p.maxScale(), p.maxShear(), p.maxShift()));

    page.append("<h2>Originals and their copies</h2>\n");
    if (originals == 0) {
      page.append("<p>The training split is empty: there is nothing to show.</p>\n");
    } else {
      page.append(String.format("<p>The first training image of %s, each beside its first %d %s.</p>%n",
              originals == 1 ? "one label" : originals + " labels", copiesShown, copiesShown == 1 ? "copy" : "copies"))
          .append(ReportPage.image(GRID, "original training images, each beside its deformed copies"));
    }
    page.append("\n</body></html>\n");
    return page.toString();
  }
}
