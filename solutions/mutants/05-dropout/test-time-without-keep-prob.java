// mistake: the lecture's rule at test time forgets the factor 1 - p (y = x)
// cell: test_time
// breaks: test_test_time test_test_time_hidden
// diagnosis: forgetting the test-time factor 1 - p
Tensor forwardTest(Tensor x, double dropProb, boolean inverted) {
    // y = (1 - p) x  (lecture's rule)   or   y = x  (inverted)
    return x;
}

Tensor backwardTest(Tensor dY, double dropProb, boolean inverted) {
    // forward was y = (1 - p) x (or y = x): dX = (1 - p) dY (or dY)
    return inverted ? dY : dY.times(1 - dropProb);
}
