package io.sparkdigits.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The headline ratio compares (b) with the fastest single-JVM way that had the same cores. */
class BenchReportTest {
  private static Measurement measured(String way, int cores, double... epochSeconds) {
    List<Measurement.Epoch> epochs = new java.util.ArrayList<>();
    for (int i = 0; i < epochSeconds.length; i++) {
      epochs.add(new Measurement.Epoch(i + 1, epochSeconds[i], 0.97));
    }
    return new Measurement(way, "setting", cores, 60_000, epochs, 0, null);
  }

  @Test
  void theBaselineIsTheFastestSteadyEpochAmongTheWaysWithTheSameCores() {
    Measurement oneThread = measured("fit, 1 thread", 2, 5.0, 1.8, 1.8);
    Measurement wrapper = measured("ParallelWrapper", 2, 1.0, 3.2, 3.2);
    Measurement moreCores = measured("fit on a bigger machine", 8, 0.5, 0.5, 0.5);
    Measurement spark = measured("Spark", 2, 2.0, 1.4, 1.4);

    assertThat(BenchReport.sameCoresBaseline(List.of(wrapper, oneThread, moreCores), spark))
        .as("the steady epochs (after the first) decide, and 8 cores are not (b)'s 2").isSameAs(oneThread);
  }

  @Test
  void severalRunsOfAWayAreTakenByTheirMiddleRun() {
    Measurement slow = measured("fit", 2, 9.0, 4.1, 4.1);
    Measurement middle = measured("fit", 2, 3.0, 3.0, 3.2);
    Measurement fast = measured("fit", 2, 5.0, 2.5, 2.5);
    Measurement faster = measured("fit", 2, 5.0, 2.0, 2.0);

    assertThat(BenchReport.middle(List.of(slow, fast, middle))).as("the median of three").isSameAs(middle);
    assertThat(BenchReport.middle(List.of(slow, faster, fast, middle)))
        .as("of four, the faster of the two in the middle").isSameAs(fast);
    assertThat(BenchReport.middle(List.of(slow))).isSameAs(slow);
  }

  @Test
  void noWayWithTheSameCoresIsAnError() {
    assertThatThrownBy(() -> BenchReport.sameCoresBaseline(List.of(measured("fit", 8, 1, 1)),
        measured("Spark", 2, 1, 1)))
        .hasMessageContaining("no single-JVM measurement had the 2 cores of (b)").hasMessageContaining("fit");
  }
}
