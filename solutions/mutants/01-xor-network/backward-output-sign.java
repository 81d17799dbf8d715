// mistake: a sign error at the output layer's gradient, dz2 = (y - yHat) / N
// cell: backward
// breaks: test_backward test_backward_hidden
// diagnosis: a sign error
Params backward(Params p, Cache cache, Tensor y) {
    int N = cache.X().rows();
    Tensor dZ2 = y.minus(cache.yHat()).times(1.0 / N);
    Tensor dW2 = cache.h().transpose().matmul(dZ2);
    Tensor db2 = dZ2.sum(0);
    Tensor dH = dZ2.matmul(p.W2().transpose());
    Tensor dZ1 = dH.times(cache.h().map(v -> v * (1 - v)));
    return new Params(cache.X().transpose().matmul(dZ1), dZ1.sum(0), dW2, db2);
}
