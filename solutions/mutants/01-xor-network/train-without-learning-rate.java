// mistake: the update subtracts the gradient without scaling it by the learning rate
// cell: train
// breaks: test_train test_train_hidden
// diagnosis: without the learning rate
Params train(Params p, Gradients gradients, int epochs, double learningRate) {
    for (int epoch = 0; epoch < epochs; epoch++) {
        Params g = gradients.at(p);
        p = new Params(p.W1().minus(g.W1()), p.b1().minus(g.b1()), p.W2().minus(g.W2()), p.b2().minus(g.b2()));
    }
    return p;
}
