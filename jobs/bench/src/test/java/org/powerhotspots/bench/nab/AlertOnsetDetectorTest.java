package org.powerhotspots.bench.nab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.powerhotspots.detect.SeriesDetector;

class AlertOnsetDetectorTest {

    /** Replays fixed scores; alarms at 0.5. */
    private static SeriesDetector replaying(double... scores) {
        return new SeriesDetector() {
            private int next;

            @Override
            public double update(long bucketStartMillis, double count) {
                return scores[next++];
            }

            @Override
            public double alarmThreshold() {
                return 0.5;
            }
        };
    }

    @Test
    void onlyTheRowWhereAnAlertOpensStaysAboveTheThreshold() {
        AlertOnsetDetector d = new AlertOnsetDetector(replaying(0.1, 0.7, 0.9, 0.6, 0.2, 0.8));
        double[] out = new double[6];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.update(i, 0);
        }
        double below = Math.nextDown(0.5);
        assertArrayEquals(new double[] {0.1, 0.7, below, below, 0.2, 0.8}, out, 0.0);
        assertTrue(below < d.alarmThreshold());
    }
}
