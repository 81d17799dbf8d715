/**
 * Autoencoders, as the lecture presents them: a network trained to copy its input to its output through a
 * constrained hidden layer.
 * <ul>
 *   <li>notebook {@code 04-autoencoders}: {@link dlcourse.autoencoder.Autoencoder} (encoder s(xW + b) and
 *       decoder), {@link dlcourse.autoencoder.EightThreeEight} (the 8-3-8 compressed representation),
 *       {@link dlcourse.autoencoder.Bottleneck} (reconstruction error vs hidden units);</li>
 *   <li>notebook {@code 05-autoencoder-variants}: {@link dlcourse.autoencoder.SparsityPenalty} and
 *       {@link dlcourse.autoencoder.SparseAutoencoder} (L1 and KL sparsity), {@link dlcourse.autoencoder.Corruption}
 *       and {@link dlcourse.autoencoder.DenoisingAutoencoder}, {@link dlcourse.autoencoder.ContractiveAutoencoder},
 *       {@link dlcourse.autoencoder.ReconstructionLoss};</li>
 *   <li>notebook {@code 06-stacked-autoencoders}: {@link dlcourse.autoencoder.StackedAutoencoder} (greedy
 *       pretraining, softmax on top, fine-tuning, comparison with random initialisation); the study with many
 *       unlabelled and few labelled digits is {@link dlcourse.autoencoder.experiments.PretrainingGain}.</li>
 * </ul>
 * Every autoencoder here trains through {@link dlcourse.nn.Trainer#fitReconstruction}: the sparsity, contraction
 * and weight-decay terms are {@link dlcourse.nn.Penalty} objects whose gradients enter at the hidden code
 * ({@link dlcourse.autoencoder.Autoencoder#HIDDEN}) or at the weights. The single-step {@code trainStep} methods
 * stay, as the loop the notebooks write by hand.
 * Dropout, taught in notebook {@code 07-dropout}, is a layer like the others: {@link dlcourse.nn.Dropout},
 * {@link dlcourse.nn.experiments.DropoutEnsemble}, {@link dlcourse.nn.experiments.DropoutCurves}.
 *
 * <p>Shapes use the library's legend: N batch, D input features, H hidden units. Batches are rows, so the
 * lecture's column-vector s(Wx + b) is written s(xW + b) here, with W [D, H].
 */
package dlcourse.autoencoder;
