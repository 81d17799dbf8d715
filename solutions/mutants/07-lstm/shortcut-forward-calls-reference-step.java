// mistake: the forward pass returns the given referenceStep, the tests' own reference, instead of computing the step
// kind: shortcut
// cell: forward
// breaks: test_forward_hidden
// diagnosis: it calls referenceStep, the tests' reference
LstmState lstmStepForward(Tensor x, Tensor hPrev, Tensor cPrev, LstmWeights w) {
    return referenceStep(x, hPrev, cPrev, w);
}
