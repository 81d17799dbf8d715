// mistake: SAME padding's extra row at the top (top = ceil(P_H / 2)) where TensorFlow's rule puts it at the bottom
// cell: max_pool_forward
// breaks: test_max_pool_forward test_max_pool_forward_hidden
// diagnosis: the padding is on the wrong side
Tensor maxPoolForward(Tensor x, int k, int s) {
    int h = x.dim(2);
    int w = x.dim(3);
    int outH = (h + s - 1) / s;
    int outW = (w + s - 1) / s;
    // SAME: pad (OH - 1) s + k - H in total, the smaller half at the top
    int top = (Math.max((outH - 1) * s + k - h, 0) + 1) / 2;
    int left = Math.max((outW - 1) * s + k - w, 0) / 2;
    double[][][][] y = new double[x.dim(0)][x.dim(1)][outH][outW];
    for (int n = 0; n < x.dim(0); n++) {
        for (int c = 0; c < x.dim(1); c++) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    double best = Double.NEGATIVE_INFINITY;
                    for (int iy = oy * s - top; iy < oy * s - top + k; iy++) {
                        for (int ix = ox * s - left; ix < ox * s - left + k; ix++) {
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) {   // padding never wins
                                best = Math.max(best, x.get(n, c, iy, ix));
                            }
                        }
                    }
                    y[n][c][oy][ox] = best;
                }
            }
        }
    }
    return Tensor.of(y);
}
