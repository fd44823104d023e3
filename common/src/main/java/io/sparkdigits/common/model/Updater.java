package io.sparkdigits.common.model;

import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

/** The gradient updaters a network can be trained with, each with DL4J's defaults but the learning rate schedule. */
public enum Updater {
  ADAM {
    @Override
    IUpdater create(ISchedule learningRate) {
      return new Adam(learningRate);
    }
  },
  ADAMAX {
    @Override
    IUpdater create(ISchedule learningRate) {
      return new AdaMax(learningRate);
    }
  },
  NADAM {
    @Override
    IUpdater create(ISchedule learningRate) {
      return new Nadam(learningRate);
    }
  },
  RMSPROP {
    @Override
    IUpdater create(ISchedule learningRate) {
      return new RmsProp(learningRate);
    }
  },
  ADAGRAD {
    @Override
    IUpdater create(ISchedule learningRate) {
      return new AdaGrad(learningRate);
    }
  },
  NESTEROVS {
    @Override
    IUpdater create(ISchedule learningRate) {
      return new Nesterovs(learningRate);
    }
  },
  SGD {
    @Override
    IUpdater create(ISchedule learningRate) {
      return new Sgd(learningRate);
    }
  };

  abstract IUpdater create(ISchedule learningRate);
}
