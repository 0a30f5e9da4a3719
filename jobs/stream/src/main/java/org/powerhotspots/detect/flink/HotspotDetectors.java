package org.powerhotspots.detect.flink;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;
import org.powerhotspots.detect.ComplaintSignal;
import org.powerhotspots.detect.DetectionConfig;
import org.powerhotspots.detect.DetectorCatalogue;
import org.powerhotspots.detect.DetectorCatalogue.Spec;
import org.powerhotspots.detect.HotspotAlert;
import org.powerhotspots.detect.OutageSignal;

/**
 * The detection part of the topology, wired from the {@link DetectorCatalogue}: complaints and outages
 * in, alerts out, each detector behind its filter and key, with the stable operator uids of its spec.
 */
public final class HotspotDetectors {
    public static final OutputTag<ComplaintSignal> LATE_COMPLAINTS =
            new OutputTag<>("late-complaints", TypeInformation.of(ComplaintSignal.class));
    public static final OutputTag<OutageSignal> LATE_OUTAGES =
            new OutputTag<>("late-outages", TypeInformation.of(OutageSignal.class));
    public static final OutputTag<HotspotAlert> LATE_ALERTS =
            new OutputTag<>("late-alerts", TypeInformation.of(HotspotAlert.class));

    private HotspotDetectors() {}

    /** The Flink function of one detector of the catalogue. */
    @SuppressWarnings("unchecked")
    public static <S> DetectorFunction<S> function(Spec<S> spec, DetectionConfig config) {
        OutputTag<?> late = switch (spec.input()) {
            case COMPLAINTS -> LATE_COMPLAINTS;
            case OUTAGES -> LATE_OUTAGES;
            case ALERTS -> LATE_ALERTS;
        };
        return new DetectorFunction<>(spec, config, (OutputTag<S>) late, Long.MAX_VALUE);
    }

    /** One detector on its input: filter (if any) → keyBy → its function, with the spec's uids. */
    public static <S> SingleOutputStreamOperator<HotspotAlert> detect(DataStream<S> input, Spec<S> spec,
            DetectionConfig config, long evaluateUntil) {
        DataStream<S> taken = input;
        if (spec.filterUid() != null) {
            taken = input.filter(spec.filter()::test).uid(spec.filterUid()).name(spec.filterName());
        }
        DetectorFunction<S> function = function(spec, config).evaluatingUntil(evaluateUntil);
        // Records (not alerts: their Flink timestamps are emission times) are sorted by event time in BATCH mode.
        boolean batch = input.getExecutionEnvironment().getConfiguration().get(ExecutionOptions.RUNTIME_MODE)
                == RuntimeExecutionMode.BATCH;
        if (batch && spec.input() != DetectorCatalogue.Input.ALERTS) {
            function = function.withSortedInput();
        }
        return taken.keyBy(spec.key()::of, Types.STRING)
                .transform(spec.operatorName(), TypeInformation.of(HotspotAlert.class), new DetectorOperator<>(function))
                .uid(spec.uid());
    }

    /** The detection streams: alerts of all four types, plus records the cores refused as late. */
    public record Streams(DataStream<HotspotAlert> alerts, DataStream<ComplaintSignal> lateComplaints,
            DataStream<OutageSignal> lateOutages) {}

    /**
     * Wires the detectors of the catalogue. Inputs must carry event-time timestamps and watermarks
     * (outages stamped with {@link OutageSignal#eventTime()}); {@code evaluateUntil} bounds a backfill
     * (Long.MAX_VALUE when streaming).
     */
    public static Streams wire(DataStream<ComplaintSignal> complaints, DataStream<OutageSignal> outages,
            DetectionConfig config, long evaluateUntil) {
        SingleOutputStreamOperator<HotspotAlert> surges =
                detect(complaints, DetectorCatalogue.SURGE, config, evaluateUntil);
        SingleOutputStreamOperator<HotspotAlert> repeats =
                detect(complaints, DetectorCatalogue.REPEAT_COMPLAINANT, config, evaluateUntil);
        SingleOutputStreamOperator<HotspotAlert> outageRepeats =
                detect(outages, DetectorCatalogue.OUTAGE_REPEAT, config, evaluateUntil);
        SingleOutputStreamOperator<HotspotAlert> cross =
                detect(surges.union(outageRepeats), DetectorCatalogue.CROSS_DISCIPLINE, config, evaluateUntil);
        SingleOutputStreamOperator<HotspotAlert> emerging =
                detect(complaints, DetectorCatalogue.EMERGING_ISSUE, config, evaluateUntil);
        DataStream<HotspotAlert> alerts = surges.union(repeats, outageRepeats, cross, emerging);
        // Each late complaint is reported once: by its province's surge key (see Spec.reportsLate).
        DataStream<ComplaintSignal> lateComplaints = surges.getSideOutput(LATE_COMPLAINTS);
        return new Streams(alerts, lateComplaints, outageRepeats.getSideOutput(LATE_OUTAGES));
    }
}
