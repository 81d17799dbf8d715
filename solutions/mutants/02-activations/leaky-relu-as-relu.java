// mistake: leaky ReLU written as ReLU, max(0, x)
// cell: leaky_relu
// breaks: test_leaky_relu test_leaky_relu_hidden
// diagnosis: not 0 as in ReLU
double leakyRelu(double x) {
    return Math.max(0, x);
}

double leakyReluDerivative(double x) {
    return x > 0 ? 1 : 0.01;
}
