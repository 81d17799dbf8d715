package dlcourse.rnn.tasks;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dlcourse.nn.Adam;
import dlcourse.rnn.FusedLstm;
import dlcourse.rnn.GradientClipping;
import dlcourse.rnn.LstmCell;
import dlcourse.rnn.Recurrent;
import dlcourse.rnn.RnnCell;
import dlcourse.rnn.SequenceClassifier;
import dlcourse.rnn.tasks.LongLagExperiment.Model;
import dlcourse.rnn.tasks.LongLagExperiment.Outcome;
import dlcourse.rnn.tasks.LongLagExperiment.Settings;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * LongLagExperiment trains through Trainer.fitSteps; its outcome is exactly that of the loop it replaced, written
 * out here as it was (clipping, Adam, validation every few steps with early stopping).
 */
class LongLagSameAsHandLoopTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Model.class)
    void sameOutcome(Model model) {
        int lag = 6;
        Settings s = Settings.defaults().withMaxSteps(75);
        Random weights = new Random(s.seed());
        Recurrent cell = model == Model.RNN
                ? new RnnCell(FirstSymbolTask.INPUT_SIZE, s.hiddenSize(), weights)
                : new FusedLstm(new LstmCell(FirstSymbolTask.INPUT_SIZE, s.hiddenSize(), s.forgetBias(), weights));
        SequenceClassifier classifier = new SequenceClassifier(cell, FirstSymbolTask.SIGNALS, weights);
        Adam adam = new Adam(s.learningRate());
        Random batches = new Random(s.seed() + 1);
        SequenceBatch validation = FirstSymbolTask.generate(new Random(s.seed() + 2), s.testSize(), lag);
        double[] normsAtStart = null;
        double loss = Double.NaN;
        int step = 0;
        while (step < s.maxSteps()) {
            SequenceBatch batch = FirstSymbolTask.generate(batches, s.batchSize(), lag);
            loss = classifier.lossAndGradients(batch.xs(), batch.labels());
            if (normsAtStart == null) {
                normsAtStart = cell.gradientNormsPerStep();
            }
            GradientClipping.clipGlobalNorm(classifier.parameters(), s.clipNorm());
            adam.step(classifier.parameters());
            step++;
            if (step % s.evaluateEvery() == 0
                    && classifier.accuracy(validation.xs(), validation.labels()) >= s.targetAccuracy()) {
                break;
            }
        }
        double[] normsAtEnd = cell.gradientNormsPerStep();
        SequenceBatch test = FirstSymbolTask.generate(new Random(s.seed() + 3), s.testSize(), lag);
        double accuracy = classifier.accuracy(test.xs(), test.labels());

        Outcome outcome = LongLagExperiment.train(model, lag, s);
        int steps = step;
        double finalLoss = loss;
        double[] start = normsAtStart;
        assertAll(
                () -> assertEquals(steps, outcome.stepsTrained()),
                () -> assertEquals(finalLoss, outcome.finalLoss(), 0.0),
                () -> assertEquals(accuracy, outcome.testAccuracy(), 0.0),
                () -> assertArrayEquals(start, outcome.gradientNormsAtStart(), 0.0),
                () -> assertArrayEquals(normsAtEnd, outcome.gradientNormsAtEnd(), 0.0));
    }
}
