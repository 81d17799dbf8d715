package dlcourse.nn.experiments;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dlcourse.data.Dataset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DecisionRegionTableTest {
    @Test
    @DisplayName("the lecture's decision-region table: one layer fails on XOR, two layers solve XOR and the ring")
    void decisionRegions() {
        List<Dataset> sets = DecisionRegionTable.datasets(1);
        double singleBlobs = DecisionRegionTable.trainAccuracy("single-layer", sets.get(0), 1);
        double singleXor = DecisionRegionTable.trainAccuracy("single-layer", sets.get(1), 1);
        double twoXor = DecisionRegionTable.trainAccuracy("two-layer", sets.get(1), 1);
        double twoRing = DecisionRegionTable.trainAccuracy("two-layer", sets.get(2), 1);
        double threeMoons = DecisionRegionTable.trainAccuracy("three-layer", sets.get(3), 1);
        assertAll(
                () -> assertTrue(singleBlobs > 0.95, "single layer on blobs " + singleBlobs),
                () -> assertTrue(singleXor < 0.8, "single layer on XOR " + singleXor),
                () -> assertTrue(twoXor > 0.95, "two layers on XOR " + twoXor),
                () -> assertTrue(twoRing > 0.95, "two layers on the ring " + twoRing),
                () -> assertTrue(threeMoons > 0.95, "three layers on moons " + threeMoons));
    }
}
