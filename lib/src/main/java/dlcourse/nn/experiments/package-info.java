/**
 * Studies of notebooks 01 and 07 that train networks of {@link dlcourse.nn} and report what they measured:
 * the lecture's decision-region table ({@link dlcourse.nn.experiments.DecisionRegionTable}), dropout's learning
 * curves, ensemble view and redundancy ({@link dlcourse.nn.experiments.DropoutCurves},
 * {@link dlcourse.nn.experiments.DropoutEnsemble}, {@link dlcourse.nn.experiments.DropoutRedundancy}); the companion
 * runs are listed by {@link dlcourse.nn.experiments.NnExperiments}. Teaching classes (layers, losses, the
 * trainer) stay in {@code dlcourse.nn}; nothing there depends on this package.
 */
package dlcourse.nn.experiments;
