package org.powerhotspots.bench.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WindowedGaussianDetectorTest {

    private static double feedSteadyThen(WindowedGaussianDetector d, double last) {
        for (int i = 0; i < 500; i++) {
            d.update(i * 300_000L, i % 2 == 0 ? 9 : 11); // mean 10, deviation 1
        }
        return d.update(500 * 300_000L, last);
    }

    @Test
    void valueFarAboveTheWindowReachesNabsThresholdOfOne() {
        WindowedGaussianDetector d = new WindowedGaussianDetector();
        assertEquals(1.0, feedSteadyThen(d, 20), 0.0); // z = 10
        assertTrue(1.0 >= d.alarmThreshold());
    }

    @Test
    void moderateRiseStaysBelowOne() {
        assertTrue(feedSteadyThen(new WindowedGaussianDetector(), 16) < 1.0); // z = 6
    }

    @Test
    void dropBelowTheMeanScoresNearZero() {
        assertTrue(feedSteadyThen(new WindowedGaussianDetector(), 0) < 1e-6);
    }

    @Test
    void meanScoresOneHalf() {
        assertEquals(0.5, feedSteadyThen(new WindowedGaussianDetector(), 10), 1e-7);
    }

    @Test
    void erfcIsAccurateInTheFarTail() {
        assertEquals(1.0, WindowedGaussianDetector.erfc(0), 1e-7);
        assertEquals(1.5374597944280349e-12, WindowedGaussianDetector.erfc(5), 1.5374597944280349e-12 * 2e-7);
        assertEquals(1.8427007929497148, WindowedGaussianDetector.erfc(-1), 1e-7);
    }
}
