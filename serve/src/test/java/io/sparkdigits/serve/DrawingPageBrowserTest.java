package io.sparkdigits.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkdigits.core.registry.Decision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.PointerInput.Kind;
import org.openqa.selenium.interactions.PointerInput.MouseButton;
import org.openqa.selenium.interactions.PointerInput.Origin;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages in a real browser: headless Chromium, driven by Selenium WebDriver, draws digits with a
 * mouse, a pen and a finger on the drawing page of a real server, whose champion is a network
 * trained in this JVM ({@link DrawnDigitModel}); each must be read as the digit drawn. The page's
 * screenshot is saved as {@code target/browser/drawing-page.png}.
 */
class DrawingPageBrowserTest {
  /** How long the page may take to read a drawing (the first read loads ND4J's native code). */
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);
  private static final Path SCREENSHOTS = Path.of("target", "browser");

  /** The registry's runs, oldest first: the first champion, a run that did not beat it, the champion drawn on. */
  private static final String FIRST = "20261120-020000-a1b2c3";
  private static final String KEPT = "20261121-020000-d4e5f6";
  private static final String CHAMPION = "20261122-020000-0a9b8c";

  @TempDir static Path root;
  private static DrawnDigitModel.Trained model;
  private static TestRegistry registry;
  private static DigitServer server;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws IOException {
    if (!HeadlessChromium.isInstalled()) {
      return; // each test then says why it skips (or fails): Surefire does not report a skip in @BeforeAll
    }
    registry = new TestRegistry(root);
    registry.publishAndPromote(FIRST, 1, "the first champion: nothing to beat");
    registry.publish(KEPT, 2);
    registry.decide(KEPT, Decision.Outcome.KEPT_CHAMPION, "does not beat the champion by the margin");
    model = DrawnDigitModel.train();
    registry.publish(CHAMPION, model.network(), model.spec(), model.test());
    registry.promote(CHAMPION, "trained on " + model.trainedOn() + ", the best test accuracy so far");
    server = DigitServer.start(registry.settings(), registry.conf);
    browser = HeadlessChromium.start(1100, 1040);
  }

  @BeforeEach
  void requireChromium() {
    HeadlessChromium.requireInstalled();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void digitsDrawnWithAMouseAPenAndAFingerAreReadAsDrawn() throws IOException {
    browser.get(url("/"));
    WebElement digit = browser.findElement(By.id("digit"));
    waitUntil("the champion's run id is shown", () -> browser.findElement(By.id("model-run")).getText()
        .equals(CHAMPION));
    assertThat(browser.findElement(By.id("model-accuracy")).getText()).as("the champion's test accuracy")
        .isEqualTo(String.format("%.2f%%", championAccuracy() * 100));

    Map<Integer, Kind> drawnWith = new LinkedHashMap<>();
    drawnWith.put(0, Kind.MOUSE);
    drawnWith.put(1, Kind.PEN);
    drawnWith.put(7, Kind.TOUCH);
    drawnWith.put(4, Kind.MOUSE);
    Map<Integer, String> expected = new LinkedHashMap<>();
    Map<Integer, String> read = new LinkedHashMap<>();
    for (Map.Entry<Integer, Kind> drawing : drawnWith.entrySet()) {
      browser.findElement(By.id("clear")).click();
      assertThat(digit.getDomAttribute("data-state")).as("Clear empties the answer").isEqualTo("empty");
      assertThat(inkedPixels()).as("Clear empties the canvas").isZero();

      draw(drawing.getKey(), drawing.getValue());
      waitUntil("the page's answer to the " + drawing.getKey() + " drawn",
          () -> "ready".equals(digit.getDomAttribute("data-state")));
      expected.put(drawing.getKey(), drawing.getKey() + " (" + drawing.getValue() + ")");
      read.put(drawing.getKey(), digit.getText() + " (" + drawing.getValue() + ")");
      assertThat(browser.findElement(By.id("status")).getText()).as("the status names the run that read it")
          .contains(CHAMPION);
      assertThat(browser.findElements(By.cssSelector("#bars li"))).as("a bar per digit").hasSize(10);
    }
    saveScreenshot("drawing-page.png");
    assertThat(read).as("each digit as the page reads it, with the pointer that drew it; the model (%s) scores "
        + "%.2f%% on its test split", model.trainedOn(), championAccuracy() * 100).isEqualTo(expected);
  }

  @Test
  void theRegistryPageListsTheRunsAndTheChampion() throws IOException {
    browser.get(url("/registry.html"));
    waitUntil("the registry's runs are listed",
        () -> browser.findElements(By.cssSelector("#runs tbody tr.champion")).size() == 1);
    assertThat(browser.findElements(By.cssSelector("#runs tbody tr code"))).as("every published run, newest first")
        .extracting(WebElement::getText).containsExactly(CHAMPION, KEPT, FIRST);
    assertThat(browser.findElements(By.cssSelector("#runs tbody tr.champion code"))).as("the run marked champion")
        .extracting(WebElement::getText).containsExactly(CHAMPION);
    assertThat(browser.findElements(By.cssSelector("#runs tbody tr td:nth-child(3)"))).as("the decisions")
        .extracting(WebElement::getText).containsExactly("promoted", "kept the champion", "promoted");
    assertThat(browser.findElements(By.cssSelector("#promotions tbody tr td:nth-child(2)")))
        .as("the promotions, newest first").extracting(WebElement::getText).containsExactly(CHAMPION, FIRST);
    String report = browser.findElement(By.cssSelector("#runs tbody tr.champion a")).getDomProperty("href");
    assertThat(report).as("the champion's report link").isEqualTo(url("/runs/" + CHAMPION + "/report/index.html"));
    saveScreenshot("registry-page.png");
    browser.get(report);
    assertThat(browser.findElement(By.tagName("body")).getText()).as("the champion's report").contains(CHAMPION);
    browser.navigate().back();
    browser.findElement(By.linkText("Draw")).click();
    waitUntil("the link back to the drawing page", () -> browser.getCurrentUrl().equals(url("/")));
  }

  /** Draws {@code digit}'s strokes across the canvas with a pointer of the given kind. */
  private void draw(int digit, Kind kind) {
    WebElement pad = browser.findElement(By.id("pad"));
    int side = pad.getSize().getWidth();
    PointerInput pointer = new PointerInput(kind, kind.name().toLowerCase());
    Sequence strokes = new Sequence(pointer, 0);
    for (List<StrokeDigits.Point> stroke : StrokeDigits.strokes(digit)) {
      for (int i = 0; i < stroke.size(); i++) {
        // offsets from the canvas' centre, as WebDriver takes them for an element
        int x = (int) Math.round((stroke.get(i).x() - 0.5) * side);
        int y = (int) Math.round((stroke.get(i).y() - 0.5) * side);
        strokes.addAction(pointer.createPointerMove(Duration.ofMillis(i == 0 ? 0 : 12), Origin.fromElement(pad), x, y));
        if (i == 0) {
          strokes.addAction(pointer.createPointerDown(MouseButton.LEFT.asArg()));
        }
      }
      strokes.addAction(pointer.createPointerUp(MouseButton.LEFT.asArg()));
    }
    browser.perform(List.of(strokes));
  }

  /** How many of the canvas' pixels are not white paper. */
  private long inkedPixels() {
    return (Long) browser.executeScript("""
        const pad = document.getElementById('pad');
        const data = pad.getContext('2d').getImageData(0, 0, pad.width, pad.height).data;
        let inked = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i] < 250) inked++;
        }
        return inked;""");
  }

  private void waitUntil(String what, java.util.function.BooleanSupplier condition) {
    new WebDriverWait(browser, ANSWER_WITHIN).withMessage(what).until(driver -> condition.getAsBoolean());
  }

  private void saveScreenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name),
        StandardCopyOption.REPLACE_EXISTING);
  }

  private static double championAccuracy() throws IOException {
    return registry.registry.run(CHAMPION).orElseThrow().testAccuracy();
  }

  private static String url(String path) {
    return "http://localhost:" + server.port() + path;
  }
}
