// mistake: leaky ReLU written as ReLU, max(0, x)
// cell: leaky_relu
// breaks: test_leaky_relu test_leaky_relu_hidden
// diagnosis: leaky ReLU written as ReLU: for a negative x the answer is 0
double leakyRelu(double x) {
    return Math.max(0, x);
}

double leakyReluDerivative(double x) {
    return x > 0 ? 1 : 0.01;
}
