// mistake: the denoising step forwards the clean x instead of the corrupted xTilde (a plain autoencoder step)
// cell: denoising_step
// breaks: test_denoising_step test_denoising_step_hidden
// diagnosis: forward the corrupted xTilde
double denoisingStep(Autoencoder autoencoder, Tensor x, Tensor xTilde, double learningRate) {
    ReconstructionLoss loss = ReconstructionLoss.SQUARED_ERROR;
    // steps 2 and 3: y = f(xTilde), z = g(y)
    Tensor z = autoencoder.forward(x);
    // step 4: L_H(x, z) against the clean input
    double value = loss.loss(x, z);
    autoencoder.backward(loss.gradient(x, z));
    new Sgd(learningRate).step(autoencoder.parameters());
    return value;
}
