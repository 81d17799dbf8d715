// mistake: the update adds the gradient, theta + learningRate * gradient (gradient ascent)
// cell: train
// breaks: test_train test_train_hidden
// diagnosis: adding the gradient
Params train(Params p, Gradients gradients, int epochs, double learningRate) {
    for (int epoch = 0; epoch < epochs; epoch++) {
        Params g = gradients.at(p);
        p = new Params(p.W1().plus(g.W1().times(learningRate)), p.b1().plus(g.b1().times(learningRate)),
                p.W2().plus(g.W2().times(learningRate)), p.b2().plus(g.b2().times(learningRate)));
    }
    return p;
}
