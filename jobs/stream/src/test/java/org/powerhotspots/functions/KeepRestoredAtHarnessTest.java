package org.powerhotspots.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.powerhotspots.records.OutageEvent;

/** The outage document keeps restored_at whatever the order in which start and restore arrive. */
class KeepRestoredAtHarnessTest {
    private static OutageEvent outage(String id, Long restoredAt) {
        OutageEvent o = new OutageEvent();
        o.outageId = id;
        o.kind = "UNPLANNED";
        o.startedAt = 1_000L;
        o.restoredAt = restoredAt;
        o.regionCode = "610113";
        return o;
    }

    @Test
    void aStartMessageArrivingAfterTheRestoreKeepsRestoredAt() throws Exception {
        try (var harness = org.powerhotspots.testing.Harnesses.keyed(new KeepRestoredAt(),
                (OutageEvent o) -> o.outageId, Types.STRING)) {
            harness.open();
            harness.processElement(outage("O1", 9_000L), 1L); // restore first
            harness.processElement(outage("O1", null), 2L); // the start, late
            harness.processElement(outage("O2", null), 3L); // another outage, ongoing
            List<Long> restored = harness.extractOutputValues().stream().map(o -> o.restoredAt).toList();
            assertEquals(java.util.Arrays.asList(9_000L, 9_000L, null), restored);
        }
    }
}
