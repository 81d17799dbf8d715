package dlcourse.autoencoder;

import static dlcourse.autoencoder.ParameterCheck.assertParameterGradient;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.check.GradientCheck;
import dlcourse.nn.Sgd;
import dlcourse.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ContractiveAutoencoderTest {
    private final Tensor x = Tensor.uniform(new Random(21), 0, 1, 5, 6);
    private final Autoencoder ae = Autoencoder.create(6, 4, 8);

    @Test
    @DisplayName("the closed-form Jacobian h_j (1 - h_j) W_ij matches the numerical Jacobian of the encoder")
    void jacobian() {
        Tensor one = x.row(2);
        GradientCheck.assertJacobian("encoder Jacobian", t -> ae.encode(t), one, ContractiveAutoencoder.jacobian(ae, one));
    }

    @Test
    @DisplayName("||J_f(x)||_F^2 from the closed form equals the squared norm of the numerical Jacobian")
    void normClosedForm() {
        Tensor norms = ContractiveAutoencoder.jacobianNormSquared(ae.encode(x), ae.W().value());
        for (int n = 0; n < x.rows(); n++) {
            Tensor numeric = GradientCheck.numericalJacobian(ae::encode, x.row(n));
            assertEquals(numeric.squaredNorm(), norms.get(n), 1e-8, "example " + n);
        }
    }

    @Test
    @DisplayName("the penalty's gradients with respect to W and b pass the gradient check")
    void penaltyGradients() {
        double lambda = 0.7;
        Tensor h = ae.encode(x);
        Tensor W = ae.W().value();
        Tensor dW = ContractiveAutoencoder.penaltyGradientW(x, h, W, lambda);
        Tensor db = ContractiveAutoencoder.penaltyGradientB(h, W, lambda);
        assertAll(
                () -> assertParameterGradient("penalty dW", ae.W(),
                        () -> ContractiveAutoencoder.penalty(ae.encode(x), ae.W().value(), lambda), dW),
                () -> assertParameterGradient("penalty db", ae.b(),
                        () -> ContractiveAutoencoder.penalty(ae.encode(x), ae.W().value(), lambda), db));
    }

    @Test
    @DisplayName("the whole objective's gradients (reconstruction + penalty) pass the gradient check")
    void objectiveGradients() {
        ContractiveAutoencoder cae = new ContractiveAutoencoder(ae, 0.3, ReconstructionLoss.CROSS_ENTROPY);
        cae.computeGradients(x);
        Tensor dW = ae.W().grad();
        Tensor db = ae.b().grad();
        Tensor dWPrime = ae.WPrime().grad();
        assertAll(
                () -> assertParameterGradient("dW", ae.W(), () -> cae.objective(x).total(), dW),
                () -> assertParameterGradient("db", ae.b(), () -> cae.objective(x).total(), db),
                () -> assertParameterGradient("dW'", ae.WPrime(), () -> cae.objective(x).total(), dWPrime));
    }

    @Test
    @DisplayName("training with the penalty leaves a less sensitive encoder than training without it")
    void contracts() {
        Tensor data = Tensor.uniform(new Random(30), 0, 1, 64, 12);
        Autoencoder plain = Autoencoder.create(12, 16, 4);
        ContractiveAutoencoder cae = new ContractiveAutoencoder(Autoencoder.create(12, 16, 4), 0.5,
                ReconstructionLoss.SQUARED_ERROR);
        Sgd sgd = new Sgd(0.5);
        for (int step = 0; step < 500; step++) {
            plain.trainStep(data, ReconstructionLoss.SQUARED_ERROR, sgd);
            cae.trainStep(data, sgd);
        }
        double plainSensitivity = ContractiveAutoencoder.sensitivity(plain, data);
        double contractiveSensitivity = ContractiveAutoencoder.sensitivity(cae.autoencoder(), data);
        assertTrue(contractiveSensitivity < 0.7 * plainSensitivity,
                "contractive " + contractiveSensitivity + " vs plain " + plainSensitivity);
    }

    @Test
    @DisplayName("on real digits the comparison table shows the contractive encoder is less sensitive")
    void comparisonOnDigits() {
        dlcourse.data.TrainTest data = dlcourse.data.Mnist.load(42);
        tech.tablesaw.api.Table table = ContractiveAutoencoder.compareSensitivity(data.train().x().slice(0, 300),
                data.test().x().slice(0, 100), 32, 0.1, 3, 0.5, 25, 1);
        assertAll(
                () -> assertEquals(java.util.List.of("plain", "contractive"), table.stringColumn("model").asList()),
                () -> assertTrue(table.doubleColumn("sensitivity").get(1) < table.doubleColumn("sensitivity").get(0),
                        table.print()));
    }
}
