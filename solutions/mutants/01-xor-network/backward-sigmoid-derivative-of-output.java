// mistake: sigmoid's derivative taken at the output h instead of the input z1: sigma(h) (1 - sigma(h))
// cell: backward
// breaks: test_backward test_backward_hidden
// diagnosis: sigmoid's derivative taken at its output h instead of its input z
Params backward(Params p, Cache cache, Tensor y) {
    int N = cache.X().rows();
    Tensor dZ2 = cache.yHat().minus(y).times(1.0 / N);
    Tensor dW2 = cache.h().transpose().matmul(dZ2);
    Tensor db2 = dZ2.sum(0);
    Tensor dH = dZ2.matmul(p.W2().transpose());
    Tensor sigmaOfH = sigmoid(cache.h());
    Tensor dZ1 = dH.times(sigmaOfH.map(v -> v * (1 - v)));
    return new Params(cache.X().transpose().matmul(dZ1), dZ1.sum(0), dW2, db2);
}
