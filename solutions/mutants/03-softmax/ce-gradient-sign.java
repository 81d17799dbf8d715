// mistake: the cross-entropy gradient as (Y - softmax(z)) / N, the wrong way round
// cell: ce_gradient
// breaks: test_ce_gradient test_ce_gradient_hidden
// diagnosis: the sign is the other way round
Tensor softmaxCrossEntropyGradient(Tensor z, int[] labels) {
    int N = z.rows();
    double[][] dZ = softmax(z).toArray2d();
    for (int n = 0; n < N; n++) {
        for (int k = 0; k < z.cols(); k++) {
            dZ[n][k] = ((k == labels[n] ? 1 : 0) - dZ[n][k]) / N;
        }
    }
    return Tensor.of(dZ);
}
