// mistake: the Jacobian's diagonal as s_j instead of s_j (1 - s_j)
// cell: jacobian
// breaks: test_jacobian test_jacobian_hidden
// diagnosis: the diagonal is s_j (1 - s_j)
Tensor softmaxJacobian(Tensor s) {
    int K = s.size();
    double[][] J = new double[K][K];
    for (int i = 0; i < K; i++) {
        for (int j = 0; j < K; j++) {
            J[i][j] = i == j ? s.get(i) : -s.get(i) * s.get(j);
        }
    }
    return Tensor.of(J);
}
