// mistake: ELU's derivative for x <= 0 as e^x, forgetting the factor alpha
// cell: elu
// breaks: test_elu test_elu_hidden
// diagnosis: exactly 2 times too large
double elu(double x, double alpha) {
    return x > 0 ? x : alpha * (Math.exp(x) - 1);
}

double eluDerivative(double x, double alpha) {
    return x > 0 ? 1 : Math.exp(x);
}
