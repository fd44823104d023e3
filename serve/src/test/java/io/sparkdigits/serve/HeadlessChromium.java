package io.sparkdigits.serve;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium ({@code chromium}) driven through its {@code chromedriver}
 * ({@code chromium-driver}), both named by path: Selenium Manager never looks for, or downloads, a
 * browser or a driver. Where they are not installed, a test skips with the command that installs
 * them, and fails instead with {@code -Dbrowser.required=true} (CI, which installs them, proves so
 * that the browser tests ran).
 */
final class HeadlessChromium {
  static final String REQUIRED_PROPERTY = "browser.required";
  private static final Path BROWSER = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  private static final Path DRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));

  private HeadlessChromium() {}

  static boolean isInstalled() {
    return missing().isEmpty();
  }

  /** Skips the calling test (fails it where the browser is required) when Chromium or its driver is missing. */
  static void requireInstalled() {
    List<Path> missing = missing();
    String reason = "headless Chromium is not installed (no " + missing + "): apt-get install -y chromium "
        + "chromium-driver, or name them with -Dchromium.binary and -Dchromedriver.binary";
    if (!missing.isEmpty() && Boolean.getBoolean(REQUIRED_PROPERTY)) {
      fail(reason + " (-D" + REQUIRED_PROPERTY + "=true)");
    }
    Assumptions.assumeTrue(missing.isEmpty(), reason);
  }

  private static List<Path> missing() {
    return Stream.of(BROWSER, DRIVER).filter(path -> !Files.isExecutable(path)).toList();
  }

  /** A new headless browser with a {@code width x height} window, at one device pixel per CSS pixel. */
  static ChromeDriver start(int width, int height) {
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort()
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless=new", "--window-size=" + width + "," + height, "--force-device-scale-factor=1",
        "--hide-scrollbars", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--lang=en-US",
        // Chromium's sandbox refuses to start as root, which CI and containers run as
        "--no-sandbox");
    return new ChromeDriver(service, options);
  }
}
