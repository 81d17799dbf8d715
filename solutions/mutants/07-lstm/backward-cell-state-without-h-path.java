// mistake: C_t's gradient taken as dC alone, forgetting what reaches C_t through h_t = o_t * tanh(C_t)
// cell: backward
// breaks: test_backward test_backward_hidden
// diagnosis: the gradient that reaches C_t through h_t = o_t * tanh(C_t) is missing
LstmGradients lstmStepBackward(Tensor x, Tensor hPrev, Tensor cPrev, LstmWeights w, Tensor dH, Tensor dC) {
    int H = hPrev.cols();
    // the forward pass again
    Tensor hx = Tensor.concatColumns(hPrev, x);
    Tensor f = sigmoid(hx.matmul(w.W_f()).plusRow(w.b_f()));
    Tensor i = sigmoid(hx.matmul(w.W_i()).plusRow(w.b_i()));
    Tensor cTilde = hx.matmul(w.W_C()).plusRow(w.b_C()).map(Math::tanh);
    Tensor c = f.times(cPrev).plus(i.times(cTilde));
    Tensor o = sigmoid(hx.matmul(w.W_o()).plusRow(w.b_o()));
    Tensor tanhC = c.map(Math::tanh);
    // forward was: h_t = o_t * tanh(C_t)
    Tensor dO = dH.times(tanhC);
    Tensor dCTotal = dC;
    // forward was: C_t = f_t * C_{t-1} + i_t * C̃_t
    Tensor dF = dCTotal.times(cPrev);
    Tensor dI = dCTotal.times(cTilde);
    Tensor dCTilde = dCTotal.times(i);
    Tensor dCPrev = dCTotal.times(f);
    // forward was: gate = σ(z) or tanh(z)
    Tensor dZf = dF.times(f.map(v -> v * (1 - v)));
    Tensor dZi = dI.times(i.map(v -> v * (1 - v)));
    Tensor dZc = dCTilde.times(cTilde.map(v -> 1 - v * v));
    Tensor dZo = dO.times(o.map(v -> v * (1 - v)));
    // forward was: z = [h_{t-1}, x_t] W + b, for each gate
    Tensor hxT = hx.transpose();
    Tensor dHX = dZf.matmul(w.W_f().transpose()).plus(dZi.matmul(w.W_i().transpose()))
            .plus(dZc.matmul(w.W_C().transpose())).plus(dZo.matmul(w.W_o().transpose()));
    LstmWeights dWeights = new LstmWeights(hxT.matmul(dZf), dZf.sum(0), hxT.matmul(dZi), dZi.sum(0),
            hxT.matmul(dZc), dZc.sum(0), hxT.matmul(dZo), dZo.sum(0));
    // forward was: [h_{t-1}, x_t]
    return new LstmGradients(dHX.columns(H, H + x.cols()), dHX.columns(0, H), dCPrev, dWeights);
}
