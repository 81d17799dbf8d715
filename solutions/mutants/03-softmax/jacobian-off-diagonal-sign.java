// mistake: the Jacobian's off-diagonal entries as +s_i s_j instead of -s_i s_j
// cell: jacobian
// breaks: test_jacobian test_jacobian_hidden
// diagnosis: the off-diagonal entries need a minus sign
Tensor softmaxJacobian(Tensor s) {
    int K = s.size();
    double[][] J = new double[K][K];
    for (int i = 0; i < K; i++) {
        for (int j = 0; j < K; j++) {
            J[i][j] = i == j ? s.get(i) * (1 - s.get(i)) : s.get(i) * s.get(j);
        }
    }
    return Tensor.of(J);
}
