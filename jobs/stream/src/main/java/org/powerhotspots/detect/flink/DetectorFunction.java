package org.powerhotspots.detect.flink;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.powerhotspots.detect.DetectionConfig;
import org.powerhotspots.detect.Detector;
import org.powerhotspots.detect.DetectorCatalogue;
import org.powerhotspots.detect.HotspotAlert;

/**
 * Thin Flink shell around a {@link Detector} core, for one detector of the {@link DetectorCatalogue}.
 * Per event it only appends to a list state and registers the event-time timer of the event's slide
 * boundary (O(1), also on RocksDB); at each timer it loads the core, hands it the buffered signals,
 * advances it to the timer's time, emits its alerts, and either stores it and registers its next
 * wakeup or clears the key.
 *
 * @param <S> the signal the core takes (the keyed record)
 */
public class DetectorFunction<S> extends KeyedProcessFunction<String, S, HotspotAlert> {
    private static final long serialVersionUID = 2L;
    /** Safety net only: cores clear their own state when quiet; a key untouched this long is dropped. */
    private static final Duration STATE_TTL = Duration.ofDays(120);

    private final DetectorCatalogue.Spec<S> spec;
    private final DetectionConfig config;
    private final long slide;
    private final OutputTag<S> lateTag;
    private final long evaluateUntil;

    private transient ValueState<Detector<S>> detector;
    private transient ValueState<Long> clock;
    private transient ListState<S> pending;

    public DetectorFunction(DetectorCatalogue.Spec<S> spec, DetectionConfig config, OutputTag<S> lateTag,
            long evaluateUntil) {
        this.spec = spec;
        this.config = config;
        this.slide = spec.slide().of(config);
        this.lateTag = lateTag;
        this.evaluateUntil = evaluateUntil;
    }

    /** The same function, evaluating no boundary after {@code watermark} (a bounded backfill's end). */
    public DetectorFunction<S> evaluatingUntil(long watermark) {
        return new DetectorFunction<>(spec, config, lateTag, watermark);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void open(OpenContext openContext) {
        String name = spec.name();
        StateTtlConfig ttl = StateTtlConfig.newBuilder(STATE_TTL)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build();
        ValueStateDescriptor<Detector<S>> detectorDescriptor =
                new ValueStateDescriptor<>(name + "-detector", (TypeInformation) TypeInformation.of(Detector.class));
        detectorDescriptor.enableTimeToLive(ttl);
        ValueStateDescriptor<Long> clockDescriptor = new ValueStateDescriptor<>(name + "-clock", Types.LONG);
        clockDescriptor.enableTimeToLive(ttl);
        ListStateDescriptor<S> pendingDescriptor =
                new ListStateDescriptor<>(name + "-pending", TypeInformation.of(spec.signalType()));
        pendingDescriptor.enableTimeToLive(ttl);
        detector = getRuntimeContext().getState(detectorDescriptor);
        clock = getRuntimeContext().getState(clockDescriptor);
        pending = getRuntimeContext().getListState(pendingDescriptor);
    }

    @Override
    public void processElement(S signal, Context ctx, Collector<HotspotAlert> out) throws Exception {
        long t = spec.eventTime().of(signal);
        Long evaluated = clock.value();
        if (evaluated != null && t < evaluated) {
            // Behind the core's clock: only the core knows whether it still matters (an outage's restore).
            Detector<S> d = load();
            if (d != null && d.accept(signal)) {
                detector.update(d);
            } else if (spec.reportsLate()) {
                ctx.output(lateTag, signal);
            }
            return;
        }
        pending.add(signal);
        long boundary = Math.floorDiv(t, slide) * slide + slide;
        if (boundary <= evaluateUntil) {
            // A boundary is evaluated once the watermark is the allowed lateness past it, so records up to
            // detect.lateness behind still count, as they do in a backfill (which sees everything sorted).
            ctx.timerService().registerEventTimeTimer(boundary + config.lateness);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<HotspotAlert> out) throws Exception {
        Detector<S> d = load();
        Iterable<S> buffered = pending.get();
        long lastBoundary = timestamp;
        if (buffered != null) {
            for (S s : buffered) {
                if (d == null) {
                    d = spec.factory().create(config, ctx.getCurrentKey());
                }
                if (d.accept(s)) {
                    lastBoundary = Math.max(lastBoundary, Math.floorDiv(spec.eventTime().of(s), slide) * slide + slide);
                } else {
                    ctx.output(lateTag, s);
                }
            }
        }
        pending.clear();
        if (d == null) {
            return;
        }
        // A watermark at MAX_VALUE means the input has ended: in BATCH mode a key's timers all fire at
        // the end of the key, with every record already buffered, and timers registered now are ignored.
        // So the core is walked to the end in this one call (sorted once, O(n log n) per key) instead of
        // one timer per boundary: up to evaluateUntil when the run is bounded, else to the key's last record.
        boolean inputEnded = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        // Unbounded: let every incident run its course after the key's last record (the spec's end-of-input
        // horizon), so streaming over a finite input and a backfill end in the same states.
        long target = !inputEnded ? timestamp - config.lateness
                : evaluateUntil != Long.MAX_VALUE ? evaluateUntil : saturatedAdd(lastBoundary, spec.endHorizon(config));
        for (HotspotAlert alert : d.advanceTo(Math.min(target, evaluateUntil))) {
            out.collect(alert);
        }
        if (d.isEmpty()) {
            detector.clear();
            clock.clear();
            return;
        }
        detector.update(d);
        clock.update(d.evaluatedUpTo());
        long next = d.nextWakeup();
        if (!inputEnded && next != Long.MAX_VALUE && next <= evaluateUntil) {
            ctx.timerService().registerEventTimeTimer(next + config.lateness);
        }
    }

    /** The key's core with the current settings bound (settings are not part of the state). */
    private Detector<S> load() throws Exception {
        Detector<S> d = detector.value();
        if (d != null) {
            d.useSettings(config);
        }
        return d;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
