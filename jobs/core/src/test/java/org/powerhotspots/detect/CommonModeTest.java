package org.powerhotspots.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.powerhotspots.domain.Topic;

class CommonModeTest {
    private static SurgeDetector.ProvinceSeries series(double observed, double expected) {
        return new SurgeDetector.ProvinceSeries(new double[] {observed}, new double[] {expected}, true);
    }

    /** Every topic at 100 expected and {@code ratio} times that observed, in one window. */
    private static Map<Topic, SurgeDetector.ProvinceSeries> allAt(double ratio) {
        Map<Topic, SurgeDetector.ProvinceSeries> m = new EnumMap<>(Topic.class);
        for (Topic t : Topic.values()) {
            m.put(t, series(100 * ratio, 100));
        }
        return m;
    }

    @Test
    void aBusyDayForEveryTopicLiftsTheFactor() {
        double[] f = CommonMode.factor(Topic.BILLING_DISPUTE, allAt(1.3), 0, 1);
        assertEquals(1.3, f[0], 1e-9);
    }

    @Test
    void aRiseOfTheTopicAndItsLeakIntoOtherDoNotLiftTheFactor() {
        // A tariff change: billing doubles, and a third of its complaints are filed as OTHER, which rises too.
        Map<Topic, SurgeDetector.ProvinceSeries> m = allAt(1.0);
        m.put(Topic.BILLING_DISPUTE, series(200, 100));
        m.put(Topic.OTHER, series(250, 100));
        double[] f = CommonMode.factor(Topic.BILLING_DISPUTE, m, 0, 1);
        assertEquals(1.0, f[0], 1e-9, "one other topic's rise cannot move a weighted median");
    }

    @Test
    void thePriorShrinksTowardsOneAndTheFactorIsBounded() {
        double[] shrunk = CommonMode.factor(Topic.SMART_METER, allAt(1.5), 1500, 1);
        assertEquals(1.25, shrunk[0], 1e-9, "15 other topics x 100 expected against a prior of 1,500");
        assertEquals(2.0, CommonMode.factor(Topic.SMART_METER, allAt(5), 0, 1)[0], 1e-9);
        assertEquals(0.5, CommonMode.factor(Topic.SMART_METER, allAt(0.1), 0, 1)[0], 1e-9);
    }

    @Test
    void withNoOtherTopicWarmThereIsNoFactor() {
        Map<Topic, SurgeDetector.ProvinceSeries> m = new EnumMap<>(Topic.class);
        m.put(Topic.SMART_METER, series(10, 5));
        m.put(Topic.OTHER, null);
        m.put(Topic.BILLING_DISPUTE, new SurgeDetector.ProvinceSeries(new double[] {50}, new double[] {40}, false));
        assertNull(CommonMode.factor(Topic.SMART_METER, m, 50, 1));
    }
}
