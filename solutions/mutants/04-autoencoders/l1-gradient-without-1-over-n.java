// mistake: the L1 gradient lambda sign(a) without the 1/N of the mean over the batch
// cell: l1
// breaks: test_l1 test_l1_hidden
// diagnosis: exactly 2 times too large
double l1Penalty(Tensor a, double lambda) {
    double sum = 0;
    for (int i = 0; i < a.rows(); i++) {
        for (int j = 0; j < a.cols(); j++) {
            sum += Math.abs(a.get(i, j));
        }
    }
    // P = (1/N) sum_i lambda sum_j |a_ij|
    return lambda * sum / a.rows();
}

Tensor l1Gradient(Tensor a, double lambda) {
    // dP/da_ij = (lambda / N) sign(a_ij)
    return a.map(v -> lambda * Math.signum(v));
}
