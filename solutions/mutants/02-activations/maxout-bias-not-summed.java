// mistake: maxout's bias gradients not summed over the batch
// cell: maxout
// breaks: test_maxout test_maxout_hidden
// diagnosis: sum over the batch
Tensor maxout(Tensor X, Tensor W1, Tensor b1, Tensor W2, Tensor b2) {
    Tensor first = X.matmul(W1).plusRow(b1);
    Tensor second = X.matmul(W2).plusRow(b2);
    return first.zipWith(second, Math::max, "maxout");
}

MaxoutGradients maxoutBackward(Tensor X, Tensor W1, Tensor b1, Tensor W2, Tensor b2, Tensor dH) {
    Tensor first = X.matmul(W1).plusRow(b1);
    Tensor second = X.matmul(W2).plusRow(b2);
    Tensor mask = first.zipWith(second, (a, b) -> a >= b ? 1.0 : 0.0, "maxout mask");
    Tensor dFirst = dH.times(mask);
    Tensor dSecond = dH.minus(dFirst);
    Tensor dX = dFirst.matmul(W1.transpose()).plus(dSecond.matmul(W2.transpose()));
    return new MaxoutGradients(dX, X.transpose().matmul(dFirst), dFirst,
            X.transpose().matmul(dSecond), dSecond);
}
