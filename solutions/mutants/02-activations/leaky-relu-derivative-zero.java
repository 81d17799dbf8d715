// mistake: leaky ReLU's derivative as ReLU's, 0 for negative inputs
// cell: leaky_relu
// breaks: test_leaky_relu test_leaky_relu_hidden
// diagnosis: a slope of 0 for negative inputs is ReLU's
double leakyRelu(double x) {
    return Math.max(0.01 * x, x);
}

double leakyReluDerivative(double x) {
    return x > 0 ? 1 : 0;
}
