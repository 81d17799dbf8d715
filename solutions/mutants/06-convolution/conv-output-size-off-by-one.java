// mistake: the VALID output size as H - KH instead of H - KH + 1
// cell: conv_forward
// breaks: test_conv_forward test_conv_forward_hidden
// diagnosis: H - KH + 1
Tensor convForward(Tensor x, Tensor w, Tensor b) {
    int numImages = x.dim(0);
    int channels = x.dim(1);
    int filters = w.dim(0);
    int kh = w.dim(2);
    int kw = w.dim(3);
    int outH = x.dim(2) - kh;
    int outW = x.dim(3) - kw;
    double[][][][] y = new double[numImages][filters][outH][outW];
    for (int n = 0; n < numImages; n++) {
        for (int f = 0; f < filters; f++) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    // Y[n,f,y,x] = b[f] + sum over c, i, j of W[f,c,i,j] X[n,c,y+i,x+j]
                    double sum = b.get(f);
                    for (int c = 0; c < channels; c++) {
                        for (int i = 0; i < kh; i++) {
                            for (int j = 0; j < kw; j++) {
                                sum += w.get(f, c, i, j) * x.get(n, c, oy + i, ox + j);
                            }
                        }
                    }
                    y[n][f][oy][ox] = sum;
                }
            }
        }
    }
    return Tensor.of(y);
}
