package org.powerhotspots.detect;

import java.io.Serializable;
import java.util.List;
import org.powerhotspots.domain.RegionCode;
import org.powerhotspots.schema.state.CrossCountyState;
import org.powerhotspots.schema.state.EmergingEntryState;
import org.powerhotspots.schema.state.EmergingProvinceState;
import org.powerhotspots.schema.state.OutageCountyState;
import org.powerhotspots.schema.state.OutageEntryState;
import org.powerhotspots.schema.state.RepeatCustomerState;
import org.powerhotspots.schema.state.SurgeProvinceState;
import org.powerhotspots.schema.state.SurgeRegionState;

/**
 * The one description of each detector: what it reads, which records it takes, how it is keyed, made
 * and timed, and how far past its last record the end of input is walked. The Flink wiring
 * ({@code HotspotDetectors}), the offline runner ({@link OfflineDetection}) and the benchmarks all read
 * it, so the three cannot drift apart.
 */
public final class DetectorCatalogue {
    private DetectorCatalogue() {}

    /** The stream a detector reads. */
    public enum Input {
        COMPLAINTS,
        OUTAGES,
        /** The alerts of the detectors that read complaints and outages (evaluated after them). */
        ALERTS
    }

    /** Which records of its input a detector takes. */
    public interface Filter<S> extends Serializable {
        boolean test(S signal);
    }

    /** The key a record belongs to. */
    public interface Key<S> extends Serializable {
        String of(S signal);
    }

    /** Makes the core of one key. */
    public interface Factory<S> extends Serializable {
        Detector<S> create(DetectionConfig settings, String key);
    }

    /** The event time of a record, as the core orders it. */
    public interface EventTime<S> extends Serializable {
        long of(S signal);
    }

    /** A duration taken from the settings (the slide, so a changed setting takes effect at restart). */
    public interface Period extends Serializable {
        long of(DetectionConfig settings);
    }

    /**
     * One detector.
     *
     * @param name        short name: the prefix of its Flink state names and of its offline keys
     * @param alertType   the alerts it raises
     * @param input       the stream it reads
     * @param signalType  the record type of that stream
     * @param filter      which records it takes (others never reach it)
     * @param key         its key (one core per key)
     * @param factory     makes a key's core
     * @param eventTime   a record's event time
     * @param slide       its evaluation period
     * @param reportsLate whether the records it refuses as late are reported (a complaint read by two
     *                    detectors is reported by one)
     * @param uid         the stable Flink operator uid (savepoints map state by it: never change it)
     * @param operatorName the Flink operator name
     * @param filterUid   uid of the filter in front of it, or null when it takes every record
     * @param filterName  name of that filter
     * @param state       how a key's core is written as data and read back (checkpoints, savepoints)
     */
    public record Spec<S>(String name, AlertType alertType, Input input, Class<S> signalType, Filter<S> filter,
            Key<S> key, Factory<S> factory, EventTime<S> eventTime, Period slide, boolean reportsLate, String uid,
            String operatorName, String filterUid, String filterName, StateCodec<S, ?, ?> state)
            implements Serializable {

        /** True when the record goes to this detector. */
        public boolean takes(S signal) {
            return filter.test(signal);
        }

        /**
         * How far past a key's last record an unbounded run is walked once the input has ended: twice the
         * longest window plus a slide, so every incident runs its course and streaming over a finite input
         * ends in the same states as a backfill.
         */
        public long endHorizon(DetectionConfig settings) {
            return 2 * settings.longestWindow() + slide.of(settings);
        }
    }

    /** COMPLAINT_SURGE, keyed by province: every topic and region level of a province in one core. */
    public static final Spec<ComplaintSignal> SURGE = new Spec<>("surge", AlertType.COMPLAINT_SURGE,
            Input.COMPLAINTS, ComplaintSignal.class,
            c -> RegionCode.isValid(c.countyCode()),
            c -> ProvinceSurgeDetector.keyOf(c.countyCode()),
            ProvinceSurgeDetector::new,
            ComplaintSignal::receivedAt, s -> s.surgeSlide, true,
            "detect-complaint-surge", "complaint surge", "detect-valid-region", "complaints with a valid region",
            StateCodec.of(ProvinceSurgeDetector.class, SurgeProvinceState.class, SurgeRegionState.class, false,
                    ProvinceSurgeDetector::fromState, ProvinceSurgeDetector::snapshot));

    /** REPEAT_COMPLAINANT, keyed by customer id; complaints without one do not reach it. */
    public static final Spec<ComplaintSignal> REPEAT_COMPLAINANT = new Spec<>("repeat-complainant",
            AlertType.REPEAT_COMPLAINANT, Input.COMPLAINTS, ComplaintSignal.class,
            c -> c.customerId() != null,
            ComplaintSignal::customerId,
            RepeatComplainantDetector::new,
            ComplaintSignal::receivedAt, s -> s.repeatSlide,
            false, // the same late complaint is reported by the surge detector
            "detect-repeat-complainant", "repeat complainant", "detect-with-customer", "complaints with customer",
            StateCodec.of(RepeatComplainantDetector.class, RepeatCustomerState.class, null, false,
                    (settings, key, head, entries) -> RepeatComplainantDetector.fromState(settings, key, head),
                    RepeatComplainantDetector::snapshot));

    /** OUTAGE_REPEAT, keyed by county code. */
    public static final Spec<OutageSignal> OUTAGE_REPEAT = new Spec<>("outage-repeat", AlertType.OUTAGE_REPEAT,
            Input.OUTAGES, OutageSignal.class,
            o -> true,
            OutageSignal::countyCode,
            OutageRepeatDetector::new,
            OutageSignal::eventTime, s -> s.outageSlide, true,
            "detect-outage-repeat", "outage repeat", null, null,
            StateCodec.of(OutageRepeatDetector.class, OutageCountyState.class, OutageEntryState.class, true,
                    OutageRepeatDetector::fromState, OutageRepeatDetector::snapshot));

    /** CROSS_DISCIPLINE, keyed by county code, over the county surges of supply topics and the outage repeats. */
    public static final Spec<HotspotAlert> CROSS_DISCIPLINE = new Spec<>("cross-discipline",
            AlertType.CROSS_DISCIPLINE, Input.ALERTS, HotspotAlert.class,
            CrossDisciplineDetector::isInput,
            HotspotAlert::regionCode,
            CrossDisciplineDetector::new,
            a -> a.windowEnd() - 1, s -> s.crossSlide, true,
            "detect-cross-discipline", "cross discipline", "detect-cross-input", "cross-discipline input",
            StateCodec.of(CrossDisciplineDetector.class, CrossCountyState.class, null, false,
                    (settings, key, head, entries) -> CrossDisciplineDetector.fromState(settings, key, head),
                    CrossDisciplineDetector::snapshot));

    /** EMERGING_ISSUE, keyed by province: every term and region of a province in one core, its window as entries. */
    public static final Spec<ComplaintSignal> EMERGING_ISSUE = new Spec<>("emerging", AlertType.EMERGING_ISSUE,
            Input.COMPLAINTS, ComplaintSignal.class,
            c -> RegionCode.isValid(c.countyCode()),
            c -> RegionCode.provinceOf(c.countyCode()),
            EmergingIssueDetector::new,
            ComplaintSignal::receivedAt, s -> s.emergingSlide,
            false, // the same late complaint is reported by the surge detector
            "detect-emerging-issue", "emerging issue", "detect-emerging-input", "complaints for emerging issues",
            StateCodec.of(EmergingIssueDetector.class, EmergingProvinceState.class, EmergingEntryState.class, false,
                    EmergingIssueDetector::fromState, EmergingIssueDetector::snapshot));

    /** Every detector, in the order the offline runner feeds them a record. */
    public static final List<Spec<?>> ALL = List.of(SURGE, REPEAT_COMPLAINANT, OUTAGE_REPEAT, CROSS_DISCIPLINE,
            EMERGING_ISSUE);
}
