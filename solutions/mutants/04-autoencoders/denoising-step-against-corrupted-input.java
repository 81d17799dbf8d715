// mistake: the denoising step's loss and gradient against the corrupted input xTilde instead of the clean x
// cell: denoising_step
// breaks: test_denoising_step test_denoising_step_hidden
// diagnosis: compare it with the clean x instead
double denoisingStep(Autoencoder autoencoder, Tensor x, Tensor xTilde, double learningRate) {
    ReconstructionLoss loss = ReconstructionLoss.SQUARED_ERROR;
    // steps 2 and 3: y = f(xTilde), z = g(y)
    Tensor z = autoencoder.forward(xTilde);
    // step 4: L_H(x, z) against the clean input
    double value = loss.loss(xTilde, z);
    autoencoder.backward(loss.gradient(xTilde, z));
    new Sgd(learningRate).step(autoencoder.parameters());
    return value;
}
