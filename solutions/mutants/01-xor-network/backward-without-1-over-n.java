// mistake: the output layer's gradient yHat - y without dividing by the batch size N
// cell: backward
// breaks: test_backward test_backward_hidden
// diagnosis: exactly 4 times too large
Params backward(Params p, Cache cache, Tensor y) {
    Tensor dZ2 = cache.yHat().minus(y);
    Tensor dW2 = cache.h().transpose().matmul(dZ2);
    Tensor db2 = dZ2.sum(0);
    Tensor dH = dZ2.matmul(p.W2().transpose());
    Tensor dZ1 = dH.times(cache.h().map(v -> v * (1 - v)));
    return new Params(cache.X().transpose().matmul(dZ1), dZ1.sum(0), dW2, db2);
}
