// mistake: dropout's backward passes dY to every unit, dropped or not
// cell: backward_train
// breaks: test_backward_train test_backward_train_hidden
// diagnosis: a dropped unit passes no gradient back
Tensor backwardTrain(Tensor dY, Tensor mask, double dropProb, boolean inverted) {
    // forward was y = x * m (or x * m / (1 - p)): dX = dY * m (or dY * m / (1 - p))
    Tensor passed = dY;
    return inverted ? passed.times(1 / (1 - dropProb)) : passed;
}
