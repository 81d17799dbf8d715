// mistake: inverted dropout's training forward divides by dropProb p instead of keepProb 1 - p
// cell: forward_train
// breaks: test_forward_train test_forward_train_hidden
// diagnosis: divide by keepProb = 1 - p, not by p
Tensor forwardTrain(Tensor x, Tensor mask, double dropProb, boolean inverted) {
    // y = x * m  (lecture's rule)   or   y = x * m / (1 - p)  (inverted)
    Tensor kept = x.times(mask);
    return inverted ? kept.times(1 / dropProb) : kept;
}
