// mistake: the backward pass gives a tie to the last equal cell (>=) where the exercise fixes the first (>)
// cell: max_pool_backward
// breaks: test_max_pool_backward
// diagnosis: >= where the text asks for >
Tensor maxPoolBackward(Tensor x, int k, int s, Tensor dY) {
    int h = x.dim(2);
    int w = x.dim(3);
    int outH = (h + s - 1) / s;
    int outW = (w + s - 1) / s;
    int top = Math.max((outH - 1) * s + k - h, 0) / 2;
    int left = Math.max((outW - 1) * s + k - w, 0) / 2;
    double[][][][] dX = new double[x.dim(0)][x.dim(1)][h][w];
    for (int n = 0; n < x.dim(0); n++) {
        for (int c = 0; c < x.dim(1); c++) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    // find the winner again, the first largest cell inside the image
                    double best = Double.NEGATIVE_INFINITY;
                    int winY = -1;
                    int winX = -1;
                    for (int iy = Math.max(oy * s - top, 0); iy < Math.min(oy * s - top + k, h); iy++) {
                        for (int ix = Math.max(ox * s - left, 0); ix < Math.min(ox * s - left + k, w); ix++) {
                            if (x.get(n, c, iy, ix) >= best) {
                                best = x.get(n, c, iy, ix);
                                winY = iy;
                                winX = ix;
                            }
                        }
                    }
                    // Y = X[winner], so only the winner receives dY; overlapping windows add up
                    dX[n][c][winY][winX] += dY.get(n, c, oy, ox);
                }
            }
        }
    }
    return Tensor.of(dX);
}
