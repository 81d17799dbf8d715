// mistake: ELU's derivative at x = 0 taken as 1 (x >= 0) where the exercise fixes f'(0) = alpha
// cell: elu
// breaks: test_elu
// diagnosis: not for x >= 0
double elu(double x, double alpha) {
    return x > 0 ? x : alpha * (Math.exp(x) - 1);
}

double eluDerivative(double x, double alpha) {
    return x >= 0 ? 1 : alpha * Math.exp(x);
}
