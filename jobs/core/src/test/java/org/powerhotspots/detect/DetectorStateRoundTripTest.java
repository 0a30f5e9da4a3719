package org.powerhotspots.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.powerhotspots.detect.Traffic.DAY;
import static org.powerhotspots.detect.Traffic.HOUR;
import static org.powerhotspots.detect.Traffic.START;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.powerhotspots.domain.Topic;
import org.powerhotspots.schema.codec.AvroPackages;
import org.powerhotspots.schema.state.SurgeProvinceState;
import org.powerhotspots.schema.state.SurgeRegionState;

/**
 * Every detector's state written as data and read back — through Avro bytes, into a core rebuilt with the
 * settings — after every evaluation, as a restart at any moment would: the run must raise exactly the alerts of
 * an uninterrupted one. A field a core keeps but its state forgets fails this test.
 */
class DetectorStateRoundTripTest {
    private final DetectionConfig config = DetectionConfig.defaults();

    @Test
    void aRunRestoredFromItsStateAfterEveryEvaluationRaisesTheSameAlerts() {
        Traffic.Scenario s = Traffic.everyAlertType();
        OfflineDetection.Result straight = new OfflineDetection(config).run(s.complaints(), s.outages());
        Set<AlertType> types = straight.alerts().stream().map(HotspotAlert::type).collect(Collectors.toSet());
        assertEquals(EnumSet.allOf(AlertType.class), EnumSet.copyOf(types), "the scenario raises every alert type");

        OfflineDetection restarted = new OfflineDetection(config);
        int[] rebuilt = {0};
        restarted.afterAdvance = new OfflineDetection.Rebuild() {
            @Override
            public <S> Detector<S> rebuild(DetectorCatalogue.Spec<S> spec, String key, Detector<S> core) {
                rebuilt[0]++;
                return throughBytes(spec, key, core, config);
            }
        };
        OfflineDetection.Result result = restarted.run(s.complaints(), s.outages());
        assertTrue(rebuilt[0] > 1000, "rebuilt " + rebuilt[0] + " times");
        assertEquals(straight.alerts(), result.alerts());
    }

    @Test
    void aThresholdAndAWindowChangedAtARestoreApplyToEveryKeyFromThen() {
        Traffic.Scenario s = Traffic.everyAlertType();
        long switchAt = START + 20 * DAY;
        DetectionConfig changed = config.with("surge.minCount", "40").with("surge.window", "6h");
        OfflineDetection.Result before = new OfflineDetection(config).run(s.complaints(), s.outages());
        // Written with the defaults; from switchAt on every key is read back with the changed settings.
        OfflineDetection restarted = new OfflineDetection(config);
        restarted.afterAdvance = new OfflineDetection.Rebuild() {
            @Override
            public <S> Detector<S> rebuild(DetectorCatalogue.Spec<S> spec, String key, Detector<S> core) {
                return throughBytes(spec, key, core, core.evaluatedUpTo() >= switchAt ? changed : config);
            }
        };
        OfflineDetection.Result after = restarted.run(s.complaints(), s.outages());

        List<HotspotAlert> openedLater = before.ofType(AlertType.COMPLAINT_SURGE).stream()
                .filter(a -> a.status() == AlertStatus.OPEN && a.detectedAt() > switchAt + DAY).toList();
        assertFalse(openedLater.isEmpty(), "the defaults open surges after the switch");
        List<HotspotAlert> raisedLater = after.ofType(AlertType.COMPLAINT_SURGE).stream()
                .filter(a -> a.status() != AlertStatus.RESOLVED && a.windowEnd() > switchAt + DAY).toList();
        for (HotspotAlert a : raisedLater) {
            assertEquals("40", a.rule().parameters().get("min_count"), a.toString());
            assertEquals("6h", a.rule().parameters().get("window"), a.toString());
            assertTrue(a.observed() >= 40, "a surge under the new minimum: " + a);
        }
        // The defaults raised surges under 40 after the switch, so the new minimum had something to refuse.
        assertTrue(openedLater.stream().anyMatch(a -> a.observed() < 40), openedLater.toString());
        // Until the switch, the same alerts.
        assertEquals(before.alerts().stream().filter(a -> a.windowEnd() < switchAt).toList(),
                after.alerts().stream().filter(a -> a.windowEnd() < switchAt).toList());
    }

    @Test
    void aChangedBucketWidthIsRefusedWithTheUpgradeProcedure() {
        ProvinceSurgeDetector core = new ProvinceSurgeDetector(config, Traffic.PROVINCE);
        Traffic.everyAlertType().complaints().stream().limit(500).forEach(core::accept);
        core.advanceTo(START + DAY);
        StateCodec.Snapshot<SurgeProvinceState, SurgeRegionState> snapshot = core.snapshot();
        DetectionConfig wider = config.with("surge.bucket", "30m");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ProvinceSurgeDetector.fromState(
                wider, Traffic.PROVINCE, snapshot.head(), snapshot.entries()));
        assertTrue(e.getMessage().contains("Upgrades"), e.getMessage());
    }

    @Test
    void aQuietRegionsEntryIsWrittenTheSameWhereverItsEmptyWindowStands() {
        ProvinceSurgeDetector core = new ProvinceSurgeDetector(config, Traffic.PROVINCE);
        core.accept(new Traffic(3).add("610104", Topic.SMART_METER, START + HOUR, "C1"));
        core.advanceTo(START + 2 * DAY);
        TreeMap<String, SurgeRegionState> before = new TreeMap<>(core.snapshot().entries());
        assertFalse(before.isEmpty());
        core.advanceTo(START + 3 * DAY);
        // Only the decayed long-run weight moves; the windows, customers and incidents stay as they were.
        core.snapshot().entries().forEach((key, after) -> {
            SurgeRegionState was = before.get(key);
            assertEquals(was.getCounter(), after.getCounter(), key);
            assertTrue(after.getLongRun() < was.getLongRun(), key);
        });
    }

    /** The core's state through Avro bytes and back into a core bound to {@code settings}, with its pending signals. */
    static <S> Detector<S> throughBytes(DetectorCatalogue.Spec<S> spec, String key, Detector<S> core,
            DetectionConfig settings) {
        return rebuild(spec.state(), key, core, settings);
    }

    private static <S, H extends SpecificRecord, E extends SpecificRecord> Detector<S> rebuild(
            StateCodec<S, H, E> codec, String key, Detector<S> core, DetectionConfig settings) {
        List<S> pending = core.takePending();
        StateCodec.Snapshot<H, E> snapshot = codec.snapshot(core);
        H head = copy(snapshot.head(), codec.headType());
        Map<String, E> entries = new TreeMap<>();
        snapshot.entries().forEach((k, v) -> entries.put(k, copy(v, codec.entryType())));
        Detector<S> restored = codec.restore(settings, key, head, entries);
        assertEquals(core.evaluatedUpTo(), restored.evaluatedUpTo());
        pending.forEach(restored::accept);
        return restored;
    }

    private static <T extends SpecificRecord> T copy(T record, Class<T> type) {
        AvroPackages.allow();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(type).write(record, encoder);
            encoder.flush();
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(out.toByteArray(), null);
            return new SpecificDatumReader<>(type).read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
