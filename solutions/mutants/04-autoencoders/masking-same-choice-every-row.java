// mistake: masking noise that draws the zeroed positions once and zeroes the same ones in every row
// cell: masking
// breaks: test_masking test_masking_hidden
// diagnosis: each row needs its own random choice
Tensor maskingNoise(Tensor x, double fraction, Random rng) {
    int D = x.cols();
    int count = (int) Math.round(fraction * D);
    double[][] xTilde = x.toArray2d();
    int[] order = new int[D];
    for (int i = 0; i < x.rows(); i++) {
        if (i == 0) {
            for (int k = 0; k < D; k++) {
                order[k] = k;
            }
            for (int k = 0; k < count; k++) {
                int pick = k + rng.nextInt(D - k);
                int swap = order[k];
                order[k] = order[pick];
                order[pick] = swap;
            }
        }
        for (int k = 0; k < count; k++) {
            xTilde[i][order[k]] = 0;
        }
    }
    return Tensor.of(xTilde);
}
