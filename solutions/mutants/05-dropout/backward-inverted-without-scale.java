// mistake: inverted dropout's backward without 1 / (1 - p), though the forward pass scaled by it
// cell: backward_train
// breaks: test_backward_train test_backward_train_hidden
// diagnosis: without the factor 1 / (1 - p) that the forward pass applied
Tensor backwardTrain(Tensor dY, Tensor mask, double dropProb, boolean inverted) {
    // forward was y = x * m (or x * m / (1 - p)): dX = dY * m (or dY * m / (1 - p))
    Tensor passed = dY.times(mask);
    return passed;
}
