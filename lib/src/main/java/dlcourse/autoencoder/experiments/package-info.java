/**
 * The study of notebook 06 with many unlabelled and few labelled digits
 * ({@link dlcourse.autoencoder.experiments.PretrainingGain}) and its companion run
 * ({@link dlcourse.autoencoder.experiments.AutoencoderExperiments}). The autoencoders themselves stay in
 * {@code dlcourse.autoencoder}; nothing there depends on this package.
 */
package dlcourse.autoencoder.experiments;
