/**
 * Studies of notebooks 02, 08 and 09 on convolutional networks: shift sensitivity
 * ({@link dlcourse.cnn.experiments.ShiftSensitivity}), parameter counts of weight sharing
 * ({@link dlcourse.cnn.experiments.WeightSharing}), the patches that excite a unit most
 * ({@link dlcourse.cnn.experiments.TopPatches}) and the companion runs listed by
 * {@link dlcourse.cnn.experiments.CnnExperiments}. Layers and models stay in {@code dlcourse.cnn}; nothing there
 * depends on this package.
 */
package dlcourse.cnn.experiments;
