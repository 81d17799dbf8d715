// mistake: the bias gradients not summed over the batch (db = dz, one row per example)
// cell: backward
// breaks: test_backward test_backward_hidden
// diagnosis: sum over the batch
Params backward(Params p, Cache cache, Tensor y) {
    int N = cache.X().rows();
    Tensor dZ2 = cache.yHat().minus(y).times(1.0 / N);
    Tensor dW2 = cache.h().transpose().matmul(dZ2);
    Tensor dH = dZ2.matmul(p.W2().transpose());
    Tensor dZ1 = dH.times(cache.h().map(v -> v * (1 - v)));
    return new Params(cache.X().transpose().matmul(dZ1), dZ1, dW2, dZ2);
}
