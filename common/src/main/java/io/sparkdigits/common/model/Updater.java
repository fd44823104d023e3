package io.sparkdigits.common.model;

import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/** The gradient updaters a network can be trained with, each with DL4J's defaults but the learning rate. */
public enum Updater {
  ADAM {
    @Override
    IUpdater create(double learningRate) {
      return new Adam(learningRate);
    }
  },
  ADAMAX {
    @Override
    IUpdater create(double learningRate) {
      return new AdaMax(learningRate);
    }
  },
  NADAM {
    @Override
    IUpdater create(double learningRate) {
      return new Nadam(learningRate);
    }
  },
  RMSPROP {
    @Override
    IUpdater create(double learningRate) {
      return new RmsProp(learningRate);
    }
  },
  ADAGRAD {
    @Override
    IUpdater create(double learningRate) {
      return new AdaGrad(learningRate);
    }
  },
  NESTEROVS {
    @Override
    IUpdater create(double learningRate) {
      return new Nesterovs(learningRate);
    }
  },
  SGD {
    @Override
    IUpdater create(double learningRate) {
      return new Sgd(learningRate);
    }
  };

  abstract IUpdater create(double learningRate);
}
