package dlcourse.nn;

import dlcourse.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A network as a list of layers: forward runs them in order, backward in reverse, each passing its output
 * (or its dX) to the next. A multilayer perceptron is Dense, activation, Dense, activation, ..., Dense.
 * <pre>
 * Mlp net = Mlp.of(new Dense(784, 256, rng), new Relu(), new Dense(256, 10, rng));
 * Tensor z = net.forward(x);          // x [N, 784] to scores z [N, 10]
 * </pre>
 *
 * <p>Taught in {@code notebooks/01-multilayer-networks.ipynb} (sections "A layer: y = xW + b" and
 * "XOR with backpropagation").
 */
public final class Mlp implements Layer {
    private final List<Layer> layers;

    private Mlp(List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Mlp.of: a network needs at least one layer");
        }
        this.layers = List.copyOf(layers);
    }

    /** The network made of these layers, in order. */
    public static Mlp of(Layer... layers) {
        return new Mlp(List.of(layers));
    }

    /** The network made of these layers, in order. */
    public static Mlp of(List<? extends Layer> layers) {
        return new Mlp(new ArrayList<>(layers));
    }

    /**
     * A fully connected network with the given layer sizes, e.g. (784, 256, 10): a {@link Dense} layer between
     * each pair of sizes and a fresh activation after every Dense layer but the last (which gives scores for
     * {@link SoftmaxCrossEntropy}).
     */
    public static Mlp dense(Random rng, Supplier<? extends Layer> activation, int... sizes) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("Mlp.dense: give at least an input and an output size, got "
                    + java.util.Arrays.toString(sizes));
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            layers.add(new Dense(sizes[i], sizes[i + 1], rng));
            if (i + 2 < sizes.length) {
                layers.add(activation.get());
            }
        }
        return new Mlp(layers);
    }

    /** The layers, in order. */
    public List<Layer> layers() {
        return layers;
    }

    /** Each layer's forward in turn. */
    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x;
        for (Layer layer : layers) {
            h = layer.forward(h);
        }
        return h;
    }

    /** Each layer's backward in reverse order; returns dL/dx for the network's input. */
    @Override
    public Tensor backward(Tensor dY) {
        Tensor d = dY;
        List<Layer> reversed = new ArrayList<>(layers);
        Collections.reverse(reversed);
        for (Layer layer : reversed) {
            d = layer.backward(d);
        }
        return d;
    }

    /** Each layer's backward in reverse order, but the first layer's dL/dx, which nobody needs, is not computed. */
    @Override
    public void backwardParameters(Tensor dY) {
        Tensor d = dY;
        for (int i = layers.size() - 1; i > 0; i--) {
            d = layers.get(i).backward(d);
        }
        layers.get(0).backwardParameters(d);
    }

    /** The parameters of all layers, in layer order. */
    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Layer layer : layers) {
            all.addAll(layer.parameters());
        }
        return all;
    }

    @Override
    public void setTraining(boolean training) {
        for (Layer layer : layers) {
            layer.setTraining(training);
        }
    }

    /** The forward pass in test mode (dropout off), then back to training mode. */
    public Tensor predict(Tensor x) {
        setTraining(false);
        try {
            return forward(x);
        } finally {
            setTraining(true);
        }
    }

    /** The number of trainable scalars. */
    public int parameterCount() {
        return parameters().stream().mapToInt(Parameter::count).sum();
    }

    /** A table of the layers: index, description, parameter count. */
    public Table summary() {
        IntColumn index = IntColumn.create("layer");
        StringColumn kind = StringColumn.create("description");
        IntColumn count = IntColumn.create("parameters");
        for (int i = 0; i < layers.size(); i++) {
            index.append(i);
            kind.append(layers.get(i).describe());
            count.append(layers.get(i).parameters().stream().mapToInt(Parameter::count).sum());
        }
        return Table.create("Mlp: " + parameterCount() + " parameters", index, kind, count);
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("Mlp(");
        for (int i = 0; i < layers.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(layers.get(i).describe());
        }
        return sb.append(')').toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
