package io.sparkdigits.core.model;

import java.util.function.Function;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;

/** The gradient updaters a network can be trained with, each with DL4J's defaults but the learning rate schedule. */
public enum Updater {
  ADAM(Adam::new),
  ADAMAX(AdaMax::new),
  NADAM(Nadam::new),
  RMSPROP(RmsProp::new),
  ADAGRAD(AdaGrad::new),
  NESTEROVS(Nesterovs::new),
  SGD(Sgd::new);

  private final Function<ISchedule, IUpdater> factory;

  Updater(Function<ISchedule, IUpdater> factory) {
    this.factory = factory;
  }

  IUpdater create(ISchedule learningRate) {
    return factory.apply(learningRate);
  }

  /** The values of state this updater keeps per parameter: Adam two (its moments), SGD none. */
  long valuesPerParameter() {
    return create(new FixedSchedule(1)).stateSize(1);
  }
}
