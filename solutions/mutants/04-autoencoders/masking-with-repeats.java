// mistake: masking noise that draws each zeroed position with rng.nextInt(D), so a position can be drawn twice
// cell: masking
// breaks: test_masking test_masking_hidden
// diagnosis: choose without repeats
Tensor maskingNoise(Tensor x, double fraction, Random rng) {
    int D = x.cols();
    int count = (int) Math.round(fraction * D);
    double[][] xTilde = x.toArray2d();
    int[] order = new int[D];
    for (int i = 0; i < x.rows(); i++) {
        for (int k = 0; k < count; k++) {
            xTilde[i][rng.nextInt(D)] = 0;
        }
    }
    return Tensor.of(xTilde);
}
