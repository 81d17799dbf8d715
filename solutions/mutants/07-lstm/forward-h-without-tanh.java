// mistake: h_t = o_t * C_t, without the tanh of the cell state
// cell: forward
// breaks: test_forward test_forward_hidden
// diagnosis: without the tanh
LstmState lstmStepForward(Tensor x, Tensor hPrev, Tensor cPrev, LstmWeights w) {
    // [h_{t-1}, x_t]
    Tensor hx = Tensor.concatColumns(hPrev, x);
    // f_t = σ(W_f · [h_{t-1}, x_t] + b_f)
    Tensor f = sigmoid(hx.matmul(w.W_f()).plusRow(w.b_f()));
    // i_t = σ(W_i · [h_{t-1}, x_t] + b_i)
    Tensor i = sigmoid(hx.matmul(w.W_i()).plusRow(w.b_i()));
    // C̃_t = tanh(W_C · [h_{t-1}, x_t] + b_C)
    Tensor cTilde = hx.matmul(w.W_C()).plusRow(w.b_C()).map(Math::tanh);
    // C_t = f_t * C_{t-1} + i_t * C̃_t
    Tensor c = f.times(cPrev).plus(i.times(cTilde));
    // o_t = σ(W_o · [h_{t-1}, x_t] + b_o)
    Tensor o = sigmoid(hx.matmul(w.W_o()).plusRow(w.b_o()));
    // h_t = o_t * tanh(C_t)
    Tensor h = o.times(c);
    return new LstmState(h, c);
}
