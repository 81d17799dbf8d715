// mistake: the cross-entropy gradient as softmax(z) / N, forgetting to subtract the one-hot labels
// cell: ce_gradient
// breaks: test_ce_gradient test_ce_gradient_hidden
// diagnosis: without subtracting the one-hot Y
Tensor softmaxCrossEntropyGradient(Tensor z, int[] labels) {
    return softmax(z).times(1.0 / z.rows());
}
