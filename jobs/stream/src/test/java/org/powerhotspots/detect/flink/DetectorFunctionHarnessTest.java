package org.powerhotspots.detect.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.powerhotspots.detect.Traffic.DAY;
import static org.powerhotspots.detect.Traffic.HOUR;
import static org.powerhotspots.detect.Traffic.START;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.powerhotspots.testing.Harnesses;
import org.junit.jupiter.api.Test;
import org.powerhotspots.detect.AlertStatus;
import org.powerhotspots.detect.AlertType;
import org.powerhotspots.detect.ComplaintSignal;
import org.powerhotspots.detect.DetectionConfig;
import org.powerhotspots.detect.DetectorCatalogue;
import org.powerhotspots.detect.HotspotAlert;
import org.powerhotspots.detect.OfflineDetection;
import org.powerhotspots.detect.ProvinceSurgeDetector;
import org.powerhotspots.detect.OutageSignal;
import org.powerhotspots.detect.RegionLevel;
import org.powerhotspots.detect.Severity;
import org.powerhotspots.detect.Traffic;
import org.powerhotspots.domain.Discipline;
import org.powerhotspots.domain.Topic;

/**
 * The detector functions in Flink's keyed operator harness, in event time, with out-of-order and
 * late records and explicit watermarks. Each test is named for the SPEC section 4 behaviour it proves.
 */
class DetectorFunctionHarnessTest {
    private static final long LATENESS = 10 * 60_000L;
    private final DetectionConfig config = DetectionConfig.defaults();

    /** Feeds records in a jittered arrival order (out of order within the lateness), watermark = max seen - lateness. */
    private static <T> void feed(KeyedOneInputStreamOperatorTestHarness<String, T, HotspotAlert> harness,
            List<T> records, java.util.function.ToLongFunction<T> time, long finalWatermark) throws Exception {
        List<T> arrival = jitter(records, time);
        long max = Long.MIN_VALUE;
        long watermark = Long.MIN_VALUE;
        int n = 0;
        for (T r : arrival) {
            harness.processElement(r, time.applyAsLong(r));
            max = Math.max(max, time.applyAsLong(r));
            if (++n % 50 == 0 && max - LATENESS - 1 > watermark) {
                watermark = max - LATENESS - 1;
                harness.processWatermark(watermark);
            }
        }
        harness.processWatermark(finalWatermark);
    }

    /** Shuffles records within 10-minute blocks: out of order, but never beyond the lateness. */
    private static <T> List<T> jitter(List<T> records, java.util.function.ToLongFunction<T> time) {
        List<T> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingLong(time));
        List<T> out = new ArrayList<>();
        Random random = new Random(42);
        int i = 0;
        while (i < sorted.size()) {
            long blockEnd = time.applyAsLong(sorted.get(i)) + LATENESS / 2;
            List<T> block = new ArrayList<>();
            while (i < sorted.size() && time.applyAsLong(sorted.get(i)) < blockEnd) {
                block.add(sorted.get(i++));
            }
            Collections.shuffle(block, random);
            out.addAll(block);
        }
        return out;
    }

    /** A surge harness, not yet opened (so that state can be restored into it first). */
    private static KeyedOneInputStreamOperatorTestHarness<String, ComplaintSignal, HotspotAlert> surgeHarness(
            DetectionConfig config) throws Exception {
        return Harnesses.detector(HotspotDetectors.function(DetectorCatalogue.SURGE, config),
                c -> ProvinceSurgeDetector.keyOf(c.countyCode()));
    }

    private static List<ComplaintSignal> smartMeterRecords(Traffic traffic) {
        return new ArrayList<>(traffic.complaints().stream().filter(c -> c.topics().contains(Topic.SMART_METER)).toList());
    }

    private static Traffic surgeTraffic() {
        Traffic traffic = new Traffic(1).ordinary(13, 0.15, List.of(Topic.SMART_METER, Topic.SERVICE_CONDUCT));
        long surgeStart = START + 10 * DAY + 10 * HOUR;
        return traffic.surge("610203", Topic.SMART_METER, surgeStart, surgeStart + 4 * HOUR, 4);
    }

    @Test
    void behaviour1_localSurgeIsRaisedInEventTimeWithOutOfOrderInput() throws Exception {
        Traffic traffic = surgeTraffic();
        long surgeStart = START + 10 * DAY + 10 * HOUR;
        long end = START + 13 * DAY;
        var harness = surgeHarness(config);
        harness.open();
        feed(harness, smartMeterRecords(traffic), ComplaintSignal::receivedAt, end);
        List<HotspotAlert> alerts = harness.extractOutputValues();
        HotspotAlert open = alerts.stream()
                .filter(a -> a.status() == AlertStatus.OPEN && a.regionCode().equals("610203"))
                .findFirst().orElseThrow(() -> new AssertionError("no surge in " + alerts));
        assertEquals(Topic.SMART_METER, open.topic());
        assertEquals(RegionLevel.COUNTY, open.regionLevel());
        assertTrue(open.detectedAt() > surgeStart && open.detectedAt() <= surgeStart + 3 * HOUR,
                "detected " + (open.detectedAt() - surgeStart) / 60_000 + " min after the surge began");
        // Emitted once the watermark is the allowed lateness past the slide boundary that raised it.
        assertTrue(harness.extractOutputStreamRecords().stream()
                .anyMatch(r -> r.getValue().equals(open) && r.getTimestamp() == open.detectedAt() + config.lateness));
        assertTrue(harness.getSideOutput(HotspotDetectors.LATE_COMPLAINTS) == null
                || harness.getSideOutput(HotspotDetectors.LATE_COMPLAINTS).isEmpty());
        harness.close();
    }

    @Test
    void lateComplaintGoesToTheLateOutputOnceNeverSilentlyDropped() throws Exception {
        var harness = surgeHarness(config);
        harness.open();
        long t = START + DAY;
        ComplaintSignal onTime = new ComplaintSignal("A", t, "610104", "c1", List.of(Topic.SMART_METER), List.of(), "x");
        harness.processElement(onTime, t);
        harness.processWatermark(t + 2 * HOUR);
        ComplaintSignal late = new ComplaintSignal("B", t - HOUR, "610104", "c2",
                List.of(Topic.SMART_METER, Topic.BILLING_DISPUTE), List.of(), "y");
        harness.processElement(late, late.receivedAt()); // two topics, one province key: reported once
        var lateOut = harness.getSideOutput(HotspotDetectors.LATE_COMPLAINTS);
        assertEquals(1, lateOut.size());
        assertEquals("B", lateOut.peek().getValue().complaintId());
        harness.close();
    }

    @Test
    void behaviour8_streamingGivesTheSameAlertsAndIdsAsTheOfflineRun() throws Exception {
        Traffic traffic = surgeTraffic();
        long end = START + 13 * DAY;
        var harness = surgeHarness(config);
        harness.open();
        feed(harness, smartMeterRecords(traffic), ComplaintSignal::receivedAt, end);
        List<HotspotAlert> streamed = harness.extractOutputValues();
        harness.close();

        List<ComplaintSignal> smartMeter = smartMeterRecords(traffic);
        List<HotspotAlert> offline = new OfflineDetection(config).run(smartMeter, List.of(), end)
                .ofType(AlertType.COMPLAINT_SURGE);
        assertFalse(offline.isEmpty());
        assertEquals(offline, streamed);
    }

    /** Alerts of a surge run cut before the surge, snapshotted, and restored with {@code restored} settings. */
    private List<HotspotAlert> restoredBeforeTheSurgeWith(DetectionConfig restored) throws Exception {
        List<ComplaintSignal> records = smartMeterRecords(surgeTraffic());
        long cut = START + 10 * DAY; // the baselines have learned; the surge starts ten hours later
        var first = surgeHarness(config);
        first.open();
        feed(first, records.stream().filter(r -> r.receivedAt() < cut).toList(), ComplaintSignal::receivedAt,
                cut - LATENESS - 1);
        OperatorSubtaskState snapshot = Harnesses.checkpoint(first, 1L);
        first.close();
        var second = surgeHarness(restored);
        second.initializeState(snapshot);
        second.open();
        feed(second, records.stream().filter(r -> r.receivedAt() >= cut).toList(), ComplaintSignal::receivedAt,
                START + 13 * DAY);
        List<HotspotAlert> alerts = second.extractOutputValues();
        second.close();
        return alerts;
    }

    @Test
    void aThresholdChangedAtRestoreTakesEffectForKeysRestoredFromState() throws Exception {
        // Same settings: the restored key raises the surge.
        assertTrue(restoredBeforeTheSurgeWith(config).stream().anyMatch(a -> a.status() == AlertStatus.OPEN
                && a.regionCode().equals("610203")));
        // A minimum count no window reaches: the restored key must use it (settings are not part of the state).
        assertEquals(List.of(), restoredBeforeTheSurgeWith(config.with("surge.minCount", "100000")));
    }

    @Test
    void aWindowChangedAtRestoreTakesEffectAndABucketWidthChangeIsRefusedWithTheProcedureNamed() throws Exception {
        // The windows are re-laid from the longest window's buckets: the restored key tests the new window.
        List<HotspotAlert> sixHours = restoredBeforeTheSurgeWith(config.with("surge.window", "6h"));
        assertTrue(sixHours.stream().anyMatch(a -> a.status() == AlertStatus.OPEN && a.regionCode().equals("610203")));
        for (HotspotAlert a : sixHours) {
            assertEquals("6h", a.rule().parameters().get("window"), a.toString());
            assertTrue(a.rule().parameters().get("windows").contains("360m"), a.toString());
        }
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> restoredBeforeTheSurgeWith(config.with("surge.bucket", "30m")));
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof IllegalStateException)) {
            t = t.getCause();
        }
        assertTrue(t.getMessage() != null && t.getMessage().contains("Upgrades"), String.valueOf(t));
    }

    @Test
    void behaviour8_restoreFromSnapshotMidStreamGivesTheSameAlerts() throws Exception {
        List<ComplaintSignal> records = smartMeterRecords(surgeTraffic());
        records.sort(Comparator.comparingLong(ComplaintSignal::receivedAt));
        long cut = START + 10 * DAY + 11 * HOUR; // inside the surge: an incident is open at the snapshot
        long end = START + 13 * DAY;
        List<ComplaintSignal> before = records.stream().filter(r -> r.receivedAt() < cut).toList();
        List<ComplaintSignal> after = records.stream().filter(r -> r.receivedAt() >= cut).toList();

        var uninterrupted = surgeHarness(config);
        uninterrupted.open();
        feed(uninterrupted, records, ComplaintSignal::receivedAt, end);
        List<HotspotAlert> expected = uninterrupted.extractOutputValues();
        uninterrupted.close();

        var first = surgeHarness(config);
        first.open();
        feed(first, before, ComplaintSignal::receivedAt, cut - LATENESS - 1);
        List<HotspotAlert> got = new ArrayList<>(first.extractOutputValues());
        OperatorSubtaskState snapshot = Harnesses.checkpoint(first, 1L);
        first.close();

        var second = surgeHarness(config);
        second.initializeState(snapshot);
        second.open();
        feed(second, after, ComplaintSignal::receivedAt, end);
        got.addAll(second.extractOutputValues());
        second.close();
        assertEquals(expected, got);
    }

    @Test
    void aRunThatSnapshotsAsItGoesRaisesTheSameAlertsAsOneThatNeverDoes() throws Exception {
        // The function reuses the cores it wrote while state still holds exactly what it wrote; a snapshot (the heap
        // backend copies on write while one is taken) must make it rebuild, never reuse a core state no longer has.
        List<ComplaintSignal> records = smartMeterRecords(surgeTraffic());
        long end = START + 13 * DAY;
        var uninterrupted = surgeHarness(config);
        uninterrupted.open();
        feed(uninterrupted, records, ComplaintSignal::receivedAt, end);
        List<HotspotAlert> expected = uninterrupted.extractOutputValues();
        uninterrupted.close();
        assertTrue(expected.stream().anyMatch(a -> a.status() == AlertStatus.OPEN), expected.toString());

        var snapshotting = surgeHarness(config);
        snapshotting.open();
        List<ComplaintSignal> arrival = jitter(records, ComplaintSignal::receivedAt);
        long max = Long.MIN_VALUE;
        long watermark = Long.MIN_VALUE;
        for (int n = 0; n < arrival.size(); n++) {
            ComplaintSignal r = arrival.get(n);
            snapshotting.processElement(r, r.receivedAt());
            max = Math.max(max, r.receivedAt());
            if ((n + 1) % 50 == 0 && max - LATENESS - 1 > watermark) {
                watermark = max - LATENESS - 1;
                snapshotting.processWatermark(watermark);
            }
            if ((n + 1) % 400 == 0) {
                Harnesses.checkpoint(snapshotting, n); // and the run goes on from its live state
            }
        }
        snapshotting.processWatermark(end);
        assertEquals(expected, snapshotting.extractOutputValues());
        snapshotting.close();
    }

    @Test
    void behaviour4_oneCustomerCallingTwelveTimesIsRepeatComplainantAndLateCallsGoToLateOutput() throws Exception {
        var harness = Harnesses.detector(
                HotspotDetectors.function(DetectorCatalogue.REPEAT_COMPLAINANT, config), ComplaintSignal::customerId);
        harness.open();
        long t0 = START + 9 * HOUR;
        List<ComplaintSignal> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(new ComplaintSignal("R" + i, t0 + i * 20 * 60_000L, "610104", "caller-7",
                    List.of(Topic.OUTAGE_FREQUENT), List.of("停电"), "又停电了 " + i));
        }
        Collections.reverse(calls); // wholly out of order before the first watermark
        for (ComplaintSignal c : calls) {
            harness.processElement(c, c.receivedAt());
        }
        harness.processWatermark(t0 + 5 * HOUR);
        List<HotspotAlert> alerts = harness.extractOutputValues();
        assertEquals(1, alerts.stream().map(HotspotAlert::alertId).distinct().count(), alerts.toString());
        assertEquals(AlertType.REPEAT_COMPLAINANT, alerts.get(0).type());
        assertEquals(AlertStatus.OPEN, alerts.get(0).status());
        assertEquals(3.0, alerts.get(0).observed(), "opened at the third call");
        HotspotAlert grown = alerts.get(alerts.size() - 1);
        assertEquals(AlertStatus.UPDATED, grown.status());
        assertEquals(12.0, grown.observed());
        assertEquals(Severity.CRITICAL, grown.severity());

        // A call from before the evaluated boundary is refused (the surge function reports it as late).
        ComplaintSignal late = new ComplaintSignal("R-late", t0 - HOUR, "610104", "caller-7",
                List.of(Topic.OUTAGE_FREQUENT), List.of(), "迟到");
        harness.processElement(late, late.receivedAt());
        assertEquals(1, harness.extractOutputValues().stream().filter(a -> a.observed() == 12.0).count(),
                "the late call changed nothing");

        // Seven days on, the calls have left the window: resolved, and the key's state is gone.
        harness.processWatermark(t0 + 8 * DAY);
        HotspotAlert last = harness.extractOutputValues().get(harness.extractOutputValues().size() - 1);
        assertEquals(AlertStatus.RESOLVED, last.status());
        assertEquals(alerts.get(0).alertId(), last.alertId());
        assertEquals(12.0, last.observed());
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
        harness.close();
    }

    @Test
    void behaviour5_repeatedOutagesOfOneStationAreaCountOnceEachAndNameIt() throws Exception {
        var harness = Harnesses.detector(
                HotspotDetectors.function(DetectorCatalogue.OUTAGE_REPEAT, config), OutageSignal::countyCode);
        harness.open();
        long t = START + DAY;
        for (int i = 0; i < 3; i++) {
            long started = t + i * 4 * DAY;
            OutageSignal atStart = new OutageSignal("O" + i, true, started, null, "610113", "F-7", "SA-42", 80);
            harness.processElement(atStart, atStart.eventTime());
            harness.processWatermark(started + 2 * HOUR);
            // The restore arrives later, stamped with its restore time: the same outage, counted once.
            OutageSignal restored = new OutageSignal("O" + i, true, started, started + 3 * HOUR, "610113", "F-7",
                    "SA-42", 80);
            harness.processElement(restored, restored.eventTime());
            harness.processWatermark(started + 4 * HOUR);
        }
        List<HotspotAlert> alerts = harness.extractOutputValues();
        assertEquals(1, alerts.size(), alerts.toString());
        HotspotAlert a = alerts.get(0);
        assertEquals(AlertType.OUTAGE_REPEAT, a.type());
        assertEquals(RegionLevel.STATION_AREA, a.regionLevel());
        assertEquals("SA-42", a.stationAreaId());
        assertEquals(3.0, a.observed());
        assertEquals(List.of("O0", "O1", "O2"), a.evidence().outageIds());
        // Thirty days after the first outage the window no longer holds three: resolved.
        harness.processWatermark(t + 31 * DAY);
        List<HotspotAlert> all = harness.extractOutputValues();
        assertEquals(AlertStatus.RESOLVED, all.get(all.size() - 1).status());
        harness.close();
    }

    @Test
    void behaviour6_surgeOfSupplyTopicOverlappingOutageRepeatRaisesOneCrossDisciplineAlert() throws Exception {
        var harness = Harnesses.detector(
                HotspotDetectors.function(DetectorCatalogue.CROSS_DISCIPLINE, config), HotspotAlert::regionCode);
        harness.open();
        long b = START + 10 * DAY;
        HotspotAlert outage = alert("OR-1", AlertType.OUTAGE_REPEAT, AlertStatus.OPEN, RegionLevel.STATION_AREA,
                null, b - 5 * DAY, b - DAY, List.of(Discipline.PLANNING, Discipline.CONSTRUCTION, Discipline.OPERATIONS));
        HotspotAlert surge = alert("S-1", AlertType.COMPLAINT_SURGE, AlertStatus.OPEN, RegionLevel.COUNTY,
                Topic.OUTAGE_FREQUENT, b - 3 * HOUR, b, Topic.OUTAGE_FREQUENT.disciplines());
        HotspotAlert billing = alert("S-2", AlertType.COMPLAINT_SURGE, AlertStatus.OPEN, RegionLevel.COUNTY,
                Topic.BILLING_DISPUTE, b - 3 * HOUR, b, Topic.BILLING_DISPUTE.disciplines());
        harness.processElement(surge, surge.windowEnd());
        harness.processElement(billing, billing.windowEnd());
        harness.processElement(outage, outage.windowEnd()); // arrives after the surge: order does not matter
        harness.processWatermark(b + config.lateness);
        List<HotspotAlert> cross = harness.extractOutputValues();
        assertEquals(1, cross.size(), cross.toString());
        HotspotAlert c = cross.get(0);
        assertEquals(AlertType.CROSS_DISCIPLINE, c.type());
        assertEquals("610113", c.regionCode());
        assertEquals("SA-42", c.stationAreaId());
        assertEquals(b, c.detectedAt());
        assertEquals(List.of(Discipline.PLANNING, Discipline.CONSTRUCTION, Discipline.OPERATIONS), c.disciplines());
        assertTrue(c.evidence().outageIds().contains("O1"));
        assertTrue(c.evidence().complaintIds().contains("C1"));
        assertEquals(Severity.MEDIUM, c.severity(), "a coincidence is one step more severe than its parts");

        HotspotAlert resolved = surge.withStatus(AlertStatus.RESOLVED, b + 2 * HOUR);
        harness.processElement(resolved, resolved.windowEnd());
        harness.processWatermark(b + 3 * HOUR);
        List<HotspotAlert> all = harness.extractOutputValues();
        assertEquals(AlertStatus.RESOLVED, all.get(all.size() - 1).status());
        assertEquals(c.alertId(), all.get(all.size() - 1).alertId());
        harness.close();
    }

    private static HotspotAlert alert(String id, AlertType type, AlertStatus status, RegionLevel level, Topic topic,
            long start, long end, List<Discipline> disciplines) {
        return new HotspotAlert(id, type, status, "610113", level, null, "F-7",
                level == RegionLevel.STATION_AREA ? "SA-42" : null, topic, start, end, end, 10, 2, 6, Severity.LOW, 10,
                disciplines, new HotspotAlert.Evidence(List.of("C1"), List.of("O1"), List.of(), List.of("停电")),
                new HotspotAlert.Rule("test", null));
    }
}
