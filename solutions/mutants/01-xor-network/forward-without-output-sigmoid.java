// mistake: the output yHat taken as h W2 + b2, without the output layer's sigmoid
// cell: forward
// breaks: test_forward test_forward_hidden
// diagnosis: without the output's sigmoid
Cache forward(Params p, Tensor X) {
    Tensor h = sigmoid(X.matmul(p.W1()).plusRow(p.b1()));
    Tensor yHat = h.matmul(p.W2()).plusRow(p.b2());
    return new Cache(X, h, yHat);
}
