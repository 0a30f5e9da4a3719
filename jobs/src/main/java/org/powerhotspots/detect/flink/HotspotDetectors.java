package org.powerhotspots.detect.flink;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;
import org.powerhotspots.detect.ComplaintSignal;
import org.powerhotspots.detect.CrossDisciplineDetector;
import org.powerhotspots.detect.DetectionConfig;
import org.powerhotspots.detect.HotspotAlert;
import org.powerhotspots.detect.OutageRepeatDetector;
import org.powerhotspots.detect.OutageSignal;
import org.powerhotspots.detect.RepeatComplainantDetector;
import org.powerhotspots.detect.ProvinceSurgeDetector;
import org.powerhotspots.domain.RegionCode;

/**
 * The Flink functions of the four detectors, their keys, and the detection part of the topology
 * (complaints and outages in, alerts out), with stable operator uids.
 */
public final class HotspotDetectors {
    public static final OutputTag<ComplaintSignal> LATE_COMPLAINTS =
            new OutputTag<>("late-complaints", TypeInformation.of(ComplaintSignal.class));
    public static final OutputTag<OutageSignal> LATE_OUTAGES =
            new OutputTag<>("late-outages", TypeInformation.of(OutageSignal.class));
    public static final OutputTag<HotspotAlert> LATE_ALERTS =
            new OutputTag<>("late-alerts", TypeInformation.of(HotspotAlert.class));

    private HotspotDetectors() {}

    /** COMPLAINT_SURGE, keyed by province code: every topic of a province in one detector (see ProvinceSurgeDetector). */
    public static DetectorFunction<ComplaintSignal, ComplaintSignal> surge(DetectionConfig config) {
        return new DetectorFunction<>("surge", config, config.surgeSlide,
                (cfg, key, first) -> new ProvinceSurgeDetector(cfg, key),
                c -> c, ComplaintSignal::receivedAt,
                TypeInformation.of(ComplaintSignal.class), LATE_COMPLAINTS, Long.MAX_VALUE, c -> true);
    }

    /** OUTAGE_REPEAT, keyed by county code. */
    public static DetectorFunction<OutageSignal, OutageSignal> outageRepeat(DetectionConfig config) {
        return new DetectorFunction<>("outage-repeat", config, config.outageSlide,
                (cfg, key, first) -> new OutageRepeatDetector(cfg, key),
                o -> o, OutageSignal::eventTime, TypeInformation.of(OutageSignal.class), LATE_OUTAGES,
                Long.MAX_VALUE, o -> true);
    }

    /** REPEAT_COMPLAINANT, keyed by customer id (complaints without one are filtered out before). */
    public static DetectorFunction<ComplaintSignal, ComplaintSignal> repeatComplainant(DetectionConfig config) {
        return new DetectorFunction<>("repeat-complainant", config, config.repeatSlide,
                (cfg, key, first) -> new RepeatComplainantDetector(cfg, key),
                c -> c, ComplaintSignal::receivedAt, TypeInformation.of(ComplaintSignal.class), LATE_COMPLAINTS,
                Long.MAX_VALUE, c -> false); // the same complaint is reported late by the surge function
    }

    /** CROSS_DISCIPLINE, keyed by county code over the surge and outage-repeat alerts of {@link CrossDisciplineDetector#isInput}. */
    public static DetectorFunction<HotspotAlert, HotspotAlert> crossDiscipline(DetectionConfig config) {
        return new DetectorFunction<>("cross-discipline", config, config.crossSlide,
                (cfg, key, first) -> new CrossDisciplineDetector(cfg, key),
                a -> a, a -> a.windowEnd() - 1, TypeInformation.of(HotspotAlert.class), LATE_ALERTS,
                Long.MAX_VALUE, a -> true);
    }

    /** The detection streams: alerts of all four types, plus records the cores refused as late. */
    public record Streams(DataStream<HotspotAlert> alerts, DataStream<ComplaintSignal> lateComplaints,
            DataStream<OutageSignal> lateOutages) {}

    /**
     * Wires the four detectors. Inputs must carry event-time timestamps and watermarks (outages
     * stamped with {@link OutageSignal#eventTime()}); {@code evaluateUntil} bounds a backfill
     * (Long.MAX_VALUE when streaming).
     */
    public static Streams wire(DataStream<ComplaintSignal> complaints, DataStream<OutageSignal> outages,
            DetectionConfig config, long evaluateUntil) {
        SingleOutputStreamOperator<HotspotAlert> surges = complaints
                .filter(c -> RegionCode.isValid(c.countyCode()))
                .uid("detect-valid-region").name("complaints with a valid region")
                .keyBy(c -> ProvinceSurgeDetector.keyOf(c.countyCode()))
                .process(surge(config).evaluatingUntil(evaluateUntil))
                .returns(TypeInformation.of(HotspotAlert.class))
                .uid("detect-complaint-surge").name("complaint surge");
        SingleOutputStreamOperator<HotspotAlert> repeats = complaints
                .filter(c -> c.customerId() != null)
                .uid("detect-with-customer").name("complaints with customer")
                .keyBy(ComplaintSignal::customerId)
                .process(repeatComplainant(config).evaluatingUntil(evaluateUntil))
                .returns(TypeInformation.of(HotspotAlert.class))
                .uid("detect-repeat-complainant").name("repeat complainant");
        SingleOutputStreamOperator<HotspotAlert> outageRepeats = outages
                .keyBy(OutageSignal::countyCode)
                .process(outageRepeat(config).evaluatingUntil(evaluateUntil))
                .returns(TypeInformation.of(HotspotAlert.class))
                .uid("detect-outage-repeat").name("outage repeat");
        SingleOutputStreamOperator<HotspotAlert> cross = surges.union(outageRepeats)
                .filter(CrossDisciplineDetector::isInput)
                .uid("detect-cross-input").name("cross-discipline input")
                .keyBy(HotspotAlert::regionCode)
                .process(crossDiscipline(config).evaluatingUntil(evaluateUntil))
                .returns(TypeInformation.of(HotspotAlert.class))
                .uid("detect-cross-discipline").name("cross discipline");
        DataStream<HotspotAlert> alerts = surges.union(repeats, outageRepeats, cross);
        // Each late complaint is reported once: by its province's surge key.
        DataStream<ComplaintSignal> lateComplaints = surges.getSideOutput(LATE_COMPLAINTS);
        return new Streams(alerts, lateComplaints, outageRepeats.getSideOutput(LATE_OUTAGES));
    }
}
