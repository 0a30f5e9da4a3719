package org.powerhotspots.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.powerhotspots.enrich.ComplaintEnricher;
import org.powerhotspots.records.ComplaintEvent;
import org.powerhotspots.records.DeadLetter;
import org.powerhotspots.records.EnrichedComplaint;
import org.powerhotspots.region.Regions;
import org.powerhotspots.text.ComplaintAnalyzer;

/** A text the analyzer fails on is a dead letter, never a failed task; the complaint is still indexed. */
class EnrichComplaintsHarnessTest {
    private static ComplaintEvent complaint(String id, String text) {
        ComplaintEvent c = new ComplaintEvent();
        c.complaintId = id;
        c.receivedAt = 1_772_323_200_000L;
        c.channel = "APP";
        c.regionCode = "610113";
        c.text = text;
        return c;
    }

    @Test
    void anAnalyzerErrorBecomesAnAnalyzerErrorDeadLetterAndTheComplaintIsStillEmitted() throws Exception {
        ComplaintAnalyzer real = ComplaintAnalyzer.createDefault();
        ComplaintEnricher enricher = new ComplaintEnricher((text, category) -> {
            if (text.contains("POISON")) {
                throw new IllegalStateException("segmenter index out of range");
            }
            return real.analyze(text, category);
        }, Regions.bundled());
        try (var harness = org.powerhotspots.testing.Harnesses.of(new EnrichComplaints(enricher))) {
            harness.open();
            harness.processElement(complaint("C1", "家里电压太低了，灯一直闪"), 1L);
            harness.processElement(complaint("C2", "POISON 电表"), 2L);
            harness.processElement(complaint("C3", "电费比上个月多了三百块"), 3L);
            List<EnrichedComplaint> out = harness.extractOutputValues();
            assertEquals(List.of("C1", "C2", "C3"), out.stream().map(e -> e.complaint.complaintId).toList());
            assertNull(out.get(0).analysisError);
            assertTrue(out.get(1).analysisError.contains("segmenter index out of range"));
            assertEquals(List.of("OTHER"), out.get(1).topics);
            assertEquals("西安市", out.get(1).cityName, "still enriched with its region for analysts");
            var dead = harness.getSideOutput(EnrichComplaints.DEAD_LETTERS);
            assertEquals(1, dead.size());
            DeadLetter d = dead.peek().getValue();
            assertEquals(EnrichComplaints.ANALYZER_ERROR, d.reason);
            assertTrue(d.rawPreview(1000).contains("POISON 电表") && d.rawPreview(1000).contains("\"complaint_id\":\"C2\""),
                    d.rawPreview(1000));
        }
    }

    @Test
    void aHugeTextIsAnalysedOnlyUpToTheCap() throws Exception {
        String huge = "电压低，空调开不起来。" + "啊".repeat(500_000);
        EnrichedComplaint e = ComplaintEnricher.createDefault().enrich(complaint("C4", huge));
        assertTrue(e.normalizedText.length() <= ComplaintEnricher.ANALYSED_TEXT_CAP, "analysed " + e.normalizedText.length());
        assertTrue(e.topics.contains("VOLTAGE_QUALITY"), String.valueOf(e.topics));
        assertEquals(huge, e.complaint.text, "the complaint keeps its whole text");
    }
}
