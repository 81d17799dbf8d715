// mistake: the cross-entropy gradient softmax(z) - Y without dividing by the batch size N
// cell: ce_gradient
// breaks: test_ce_gradient test_ce_gradient_hidden
// diagnosis: exactly 2 times too large
Tensor softmaxCrossEntropyGradient(Tensor z, int[] labels) {
    double[][] dZ = softmax(z).toArray2d();
    for (int n = 0; n < z.rows(); n++) {
        dZ[n][labels[n]] -= 1;
    }
    return Tensor.of(dZ);
}
