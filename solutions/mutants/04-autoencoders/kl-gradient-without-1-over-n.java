// mistake: the KL gradient without the 1/N that comes from rhoHat being a mean over the batch
// cell: kl
// breaks: test_kl test_kl_hidden
// diagnosis: exactly 2 times too large
double klPenalty(Tensor a, double rho, double beta) {
    double sum = 0;
    for (int j = 0; j < a.cols(); j++) {
        double rhoHat = 0;
        for (int i = 0; i < a.rows(); i++) {
            rhoHat += a.get(i, j) / a.rows();
        }
        // KL(rho || rhoHat_j)
        sum += rho * Math.log(rho / rhoHat) + (1 - rho) * Math.log((1 - rho) / (1 - rhoHat));
    }
    return beta * sum;
}

Tensor klGradient(Tensor a, double rho, double beta) {
    int N = a.rows();
    double[][] dA = new double[N][a.cols()];
    for (int j = 0; j < a.cols(); j++) {
        double rhoHat = 0;
        for (int i = 0; i < N; i++) {
            rhoHat += a.get(i, j) / N;
        }
        // dP/da_ij = (beta / N) (-rho / rhoHat_j + (1 - rho) / (1 - rhoHat_j))
        double perUnit = beta * (-rho / rhoHat + (1 - rho) / (1 - rhoHat));
        for (int i = 0; i < N; i++) {
            dA[i][j] = perUnit;
        }
    }
    return Tensor.of(dA);
}
