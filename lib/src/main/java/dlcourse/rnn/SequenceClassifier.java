package dlcourse.rnn;

import dlcourse.nn.Parameter;
import dlcourse.nn.SoftmaxCrossEntropy;
import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A many-to-one network: a recurrent cell reads the whole sequence, and a linear read-out of its last hidden
 * state gives one score per class,
 * <pre>
 * yHat = softmax(h_T W_y + b_y)        loss = -mean over the batch of log yHat[label]
 * </pre>
 * Shapes: x_t [N, D], h_T [N, H], W_y [H, K], b_y [K], scores [N, K] for K classes.
 *
 * <p>The softmax and the cross-entropy are {@link SoftmaxCrossEntropy}, whose joint gradient is the short
 * (yHat - onehot) / N.
 *
 * <p>Runs inside {@link dlcourse.rnn.tasks.LongLagExperiment}: {@code notebooks/10-recurrent-networks.ipynb}, section
 * "Short-range and long-range dependencies", and {@code notebooks/11-lstm.ipynb}, section "LSTM against the plain RNN
 * on a long lag". The notebooks write the same read-out out by hand (a {@code Dense} layer and {@code
 * SoftmaxCrossEntropy}) in {@code notebooks/10-recurrent-networks.ipynb}, section "Training a plain RNN with
 * backpropagation through time".
 */
public final class SequenceClassifier {
    private final Recurrent cell;
    private final int numClasses;
    private final Parameter W_y;
    private final Parameter b_y;
    private final SoftmaxCrossEntropy lossFunction = new SoftmaxCrossEntropy();

    /** The read-out of {@code cell} into {@code numClasses} classes, W_y ~ N(0, 1/H) from {@code rng}, b_y = 0. */
    public SequenceClassifier(Recurrent cell, int numClasses, Random rng) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("SequenceClassifier: needs at least 2 classes, got " + numClasses);
        }
        this.cell = cell;
        this.numClasses = numClasses;
        int h = cell.hiddenSize();
        this.W_y = new Parameter("W_y", Tensor.randn(rng, 1 / Math.sqrt(h), h, numClasses));
        this.b_y = new Parameter("b_y", Tensor.zeros(numClasses));
    }

    /** The recurrent cell that reads the sequence. */
    public Recurrent cell() {
        return cell;
    }

    /** The class scores h_T W_y + b_y, [N, K], for a sequence of T steps [N, D]. */
    public Tensor scores(List<Tensor> xs) {
        List<Tensor> hs = cell.forwardSequence(xs);
        return hs.get(hs.size() - 1).matmul(W_y.value()).plusRow(b_y.value());
    }

    /** The predicted class of every example: int[N]. */
    public int[] predict(List<Tensor> xs) {
        return scores(xs).argmaxRows();
    }

    /** The fraction of examples whose predicted class is the label. */
    public double accuracy(List<Tensor> xs, int[] labels) {
        int[] predicted = predict(xs);
        checkLabels(labels, predicted.length);
        int correct = 0;
        for (int e = 0; e < labels.length; e++) {
            correct += predicted[e] == labels[e] ? 1 : 0;
        }
        return correct / (double) labels.length;
    }

    /**
     * Forward and backward for one batch: returns the mean cross-entropy loss and sets the gradient of every
     * parameter (the cell's by backpropagation through time, then W_y and b_y).
     */
    public double lossAndGradients(List<Tensor> xs, int[] labels) {
        List<Tensor> hs = cell.forwardSequence(xs);
        Tensor hLast = hs.get(hs.size() - 1);
        int n = hLast.dim(0);
        checkLabels(labels, n);
        // forward: s = h_T W_y + b_y;  loss = -mean log softmax(s)[label]
        Tensor scores = hLast.matmul(W_y.value()).plusRow(b_y.value());
        double loss = lossFunction.forward(scores, labels);
        // backward: dL/ds = (yHat - onehot) / N
        Tensor dS = lossFunction.backward();
        // forward was: s = h_T W_y + b_y
        W_y.setGrad(hLast.transpose().matmul(dS));
        b_y.setGrad(dS.sum(0));
        Tensor dHLast = dS.matmul(W_y.value().transpose());
        // backpropagation through time; dL/dx_t of the input sequence is never used
        cell.backwardSequenceParameters(Sequences.onlyLast(hs.size(), dHLast));
        return loss;
    }

    /** The cell's parameters, then W_y [H, K] and b_y [K]. */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(cell.parameters());
        all.add(W_y);
        all.add(b_y);
        return all;
    }

    private void checkLabels(int[] labels, int n) {
        if (labels.length != n) {
            throw new IllegalArgumentException("SequenceClassifier: expected " + n
                    + " labels (one per example) but got "
                    + labels.length);
        }
        for (int label : labels) {
            if (label < 0 || label >= numClasses) {
                throw new IllegalArgumentException("SequenceClassifier: label " + label + " outside the classes [0, "
                        + numClasses + ")");
            }
        }
    }
}
