package dev.dcgan.train.data;

/** The two parts MNIST-style data sets ship in; TEST is the "t10k" files. */
public enum Split {
  TRAIN,
  TEST
}
