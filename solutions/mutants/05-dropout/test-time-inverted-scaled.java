// mistake: inverted dropout scaled by 1 - p at test time too (it was already scaled in training)
// cell: test_time
// breaks: test_test_time test_test_time_hidden
// diagnosis: which inverted dropout does not use at test time
Tensor forwardTest(Tensor x, double dropProb, boolean inverted) {
    // y = (1 - p) x  (lecture's rule)   or   y = x  (inverted)
    return x.times(1 - dropProb);
}

Tensor backwardTest(Tensor dY, double dropProb, boolean inverted) {
    // forward was y = (1 - p) x (or y = x): dX = (1 - p) dY (or dY)
    return inverted ? dY : dY.times(1 - dropProb);
}
