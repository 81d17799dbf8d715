// mistake: inverted dropout's training forward without the factor 1 / (1 - p)
// cell: forward_train
// breaks: test_forward_train test_forward_train_hidden
// diagnosis: without the factor 1 / (1 - p) of inverted dropout
Tensor forwardTrain(Tensor x, Tensor mask, double dropProb, boolean inverted) {
    // y = x * m  (lecture's rule)   or   y = x * m / (1 - p)  (inverted)
    Tensor kept = x.times(mask);
    return kept;
}
