// mistake: softmax computed as e^z / sum e^z without subtracting the row's largest value first
// cell: softmax
// breaks: test_softmax test_softmax_hidden
// diagnosis: an overflow
Tensor softmax(Tensor z) {
    double[][] s = new double[z.rows()][z.cols()];
    for (int n = 0; n < z.rows(); n++) {
        double sum = 0;
        for (int k = 0; k < z.cols(); k++) {
            s[n][k] = Math.exp(z.get(n, k));
            sum += s[n][k];
        }
        for (int k = 0; k < z.cols(); k++) {
            s[n][k] /= sum;
        }
    }
    return Tensor.of(s);
}
