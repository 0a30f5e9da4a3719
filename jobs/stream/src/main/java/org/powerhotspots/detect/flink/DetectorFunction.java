package org.powerhotspots.detect.flink;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;
import org.powerhotspots.detect.DetectionConfig;
import org.powerhotspots.detect.Detector;
import org.powerhotspots.detect.DetectorCatalogue;
import org.powerhotspots.detect.HotspotAlert;
import org.powerhotspots.detect.StateCodec;
import org.powerhotspots.schema.codec.AvroPackages;

/**
 * Thin Flink shell around a {@link Detector} core, for one detector of the {@link DetectorCatalogue}.
 * Per event it only appends to a list state and registers the event-time timer of the event's slide
 * boundary (O(1), also on RocksDB); at each timer it rebuilds the core from its state records with the
 * current settings, hands it the buffered signals, advances it to the timer's time, emits its alerts, and
 * writes back what changed (the head, and only the entries that differ) or clears the key.
 *
 * <p>The state is data, typed by Avro ({@link StateCodec}): a head per key in a {@code ValueState}, many small
 * entries (per topic and region, per place) in a {@code MapState}, so an incremental RocksDB checkpoint writes
 * the entries that changed, and a newer build reads old state through Avro schema resolution.
 *
 * @param <S> the signal the core takes (the keyed record)
 */
public class DetectorFunction<S> extends KeyedProcessFunction<String, S, HotspotAlert> {
    private static final long serialVersionUID = 3L;
    /** Safety net only: cores clear their own state when quiet; a key untouched this long is dropped. */
    private static final Duration STATE_TTL = Duration.ofDays(120);

    static {
        AvroPackages.allow(); // before any state is restored: the state records are our Avro classes
    }

    private final DetectorCatalogue.Spec<S> spec;
    private final DetectionConfig config;
    private final long slide;
    private final OutputTag<S> lateTag;
    private final long evaluateUntil;
    /**
     * BATCH: Flink sorts a keyed input by key, then timestamp, so a key's records arrive together and in event-time
     * order, and no watermark comes until the key ends. Waiting for it would hold every record of a province in
     * memory (millions in a long backfill); instead the core is walked forward every {@link #SORTED_FLUSH} of event
     * time, to the last boundary the records have passed, which is exact because nothing earlier can still come.
     */
    private final boolean sortedInput;
    private static final long SORTED_FLUSH = Duration.ofDays(1).toMillis();
    private transient String flushedKey;
    private transient long flushedAt;
    /**
     * STREAMING: the cores this subtask last wrote, by key, reused while the key's clock in state is still the one
     * written with them (this function is its state's only writer; a restore makes a new instance, and an expired
     * key has no clock). Rebuilding a province's window every slide was half a streaming job's CPU. Bounded: the
     * least recently used are dropped.
     */
    private transient Map<String, Loaded> written;
    private static final int MAX_WRITTEN = 1024;
    /**
     * Cores changed and not yet written to state. STREAMING under {@link DetectorOperator}: written by the operator
     * just before the next checkpoint barrier (writing a province's window and baselines every slide was a fifth of
     * the CPU); at most {@link #MAX_CHANGED} keys wait, beyond that a core is written at once (customer keys).
     * BATCH with sorted input: the current key's core, never written (no checkpoint runs in BATCH, a key's timers
     * all fire at its end and a key never returns), dropped when the next key starts.
     */
    private transient Map<String, Loaded> changed;
    private static final int MAX_CHANGED = 256;

    private transient StateCodec<S, SpecificRecord, SpecificRecord> codec;
    private transient ValueState<SpecificRecord> head;
    /** Null for a detector that keeps everything in its head. */
    private transient MapState<String, SpecificRecord> entries;
    private transient ValueState<Long> clock;
    private transient ListState<S> pending;

    public DetectorFunction(DetectorCatalogue.Spec<S> spec, DetectionConfig config, OutputTag<S> lateTag,
            long evaluateUntil) {
        this(spec, config, lateTag, evaluateUntil, false);
    }

    private DetectorFunction(DetectorCatalogue.Spec<S> spec, DetectionConfig config, OutputTag<S> lateTag,
            long evaluateUntil, boolean sortedInput) {
        this.spec = spec;
        this.config = config;
        this.slide = spec.slide().of(config);
        this.lateTag = lateTag;
        this.evaluateUntil = evaluateUntil;
        this.sortedInput = sortedInput;
    }

    /** The same function, evaluating no boundary after {@code watermark} (a bounded backfill's end). */
    public DetectorFunction<S> evaluatingUntil(long watermark) {
        return new DetectorFunction<>(spec, config, lateTag, watermark, sortedInput);
    }

    /** The same function for an input sorted by key, then event time (BATCH): memory bounded by a day per key. */
    public DetectorFunction<S> withSortedInput() {
        return new DetectorFunction<>(spec, config, lateTag, evaluateUntil, true);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void open(OpenContext openContext) {
        String name = spec.name();
        codec = (StateCodec) spec.state();
        if (sortedInput) {
            changed = new java.util.LinkedHashMap<>();
        }
        // No incremental cleanup on state access: on the heap it deep-copies a key's whole map of entries at every
        // put (it was most of the job's time). Expired state is dropped in full snapshots (every heap checkpoint)
        // and by RocksDB's compaction filter instead.
        StateTtlConfig ttl = StateTtlConfig.newBuilder(STATE_TTL)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .disableCleanupInBackground()
                .cleanupFullSnapshot()
                .cleanupInRocksdbCompactFilter(1000)
                .build();
        ValueStateDescriptor<SpecificRecord> headDescriptor =
                new ValueStateDescriptor<>(name + "-head", new AvroTypeInfo(codec.headType()));
        headDescriptor.enableTimeToLive(ttl);
        head = getRuntimeContext().getState(headDescriptor);
        if (codec.entryType() != null) {
            MapStateDescriptor<String, SpecificRecord> entriesDescriptor = new MapStateDescriptor<>(name + "-entries",
                    Types.STRING, new AvroTypeInfo(codec.entryType()));
            entriesDescriptor.enableTimeToLive(ttl);
            entries = getRuntimeContext().getMapState(entriesDescriptor);
        }
        ValueStateDescriptor<Long> clockDescriptor = new ValueStateDescriptor<>(name + "-clock", Types.LONG);
        clockDescriptor.enableTimeToLive(ttl);
        ListStateDescriptor<S> pendingDescriptor =
                new ListStateDescriptor<>(name + "-pending", TypeInformation.of(spec.signalType()));
        pendingDescriptor.enableTimeToLive(ttl);
        clock = getRuntimeContext().getState(clockDescriptor);
        pending = getRuntimeContext().getListState(pendingDescriptor);
    }

    @Override
    public void processElement(S signal, Context ctx, Collector<HotspotAlert> out) throws Exception {
        long t = spec.eventTime().of(signal);
        Long evaluated = clock.value();
        if (evaluated != null && t < evaluated) {
            // Behind the core's clock: only a core that can still use it (an outage's restore) is loaded.
            Loaded loaded = codec.acceptsBehindClock() ? load(ctx.getCurrentKey()) : null;
            if (loaded != null && loaded.<S>core().accept(signal)) {
                keep(ctx.getCurrentKey(), loaded);
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
        if (sortedInput) {
            String key = ctx.getCurrentKey();
            if (!key.equals(flushedKey)) {
                flushedKey = key;
                flushedAt = t;
                changed.clear(); // the previous key has ended, its timers fired
            } else if (t - flushedAt >= SORTED_FLUSH) {
                walkSorted(key, t, ctx, out);
                flushedAt = t;
            }
        }
    }

    /** Sorted input: applies the buffered records and evaluates every boundary up to {@code t}'s. */
    private void walkSorted(String key, long t, Context ctx, Collector<HotspotAlert> out) throws Exception {
        Loaded loaded = load(key);
        if (loaded == null) {
            loaded = new Loaded(spec.factory().create(config, key), Map.of());
        }
        Detector<S> d = loaded.core();
        for (S s : pending.get()) {
            if (!d.accept(s)) {
                ctx.output(lateTag, s);
            }
        }
        pending.clear();
        for (HotspotAlert alert : d.advanceTo(Math.min(Math.floorDiv(t, slide) * slide, evaluateUntil))) {
            out.collect(alert);
        }
        List<S> later = d.takePending(); // at least the record at t: the key is not empty
        keep(key, loaded);
        pending.update(later);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<HotspotAlert> out) throws Exception {
        Loaded loaded = load(ctx.getCurrentKey());
        Iterable<S> buffered = pending.get();
        long lastBoundary = timestamp;
        if (buffered != null) {
            for (S s : buffered) {
                if (loaded == null) {
                    loaded = new Loaded(spec.factory().create(config, ctx.getCurrentKey()), Map.of());
                }
                if (loaded.<S>core().accept(s)) {
                    lastBoundary = Math.max(lastBoundary, Math.floorDiv(spec.eventTime().of(s), slide) * slide + slide);
                } else {
                    ctx.output(lateTag, s);
                }
            }
        }
        pending.clear();
        if (loaded == null) {
            return;
        }
        Detector<S> d = loaded.core();
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
        // Signals of later boundaries go back to the one buffer (their timers are registered).
        List<S> later = d.takePending();
        if (d.isEmpty() && later.isEmpty()) {
            forget(ctx.getCurrentKey());
            head.clear();
            if (entries != null) {
                entries.clear();
            }
            clock.clear();
            return;
        }
        keep(ctx.getCurrentKey(), loaded);
        if (!later.isEmpty()) {
            pending.update(later);
        }
        long next = d.nextWakeup();
        if (!inputEnded && next != Long.MAX_VALUE && next <= evaluateUntil) {
            ctx.timerService().registerEventTimeTimer(next + config.lateness);
        }
    }

    /** A key's core, and the entries its state held when it was read or last written (what a write compares with). */
    private record Loaded(Detector<?> raw, Map<String, SpecificRecord> read) {
        @SuppressWarnings("unchecked")
        <S> Detector<S> core() {
            return (Detector<S>) raw;
        }
    }

    /**
     * Keeps a core after a change: unwritten while its key lasts (BATCH, sorted input) or until the next checkpoint
     * barrier (under {@link DetectorOperator}), else in state at once. Its clock is always in state, for the late check.
     */
    private void keep(String key, Loaded loaded) throws Exception {
        if (changed != null && (sortedInput || changed.containsKey(key) || changed.size() < MAX_CHANGED)) {
            changed.put(key, loaded);
            clock.update(loaded.core().evaluatedUpTo());
        } else {
            store(key, loaded);
        }
    }

    /** Called by {@link DetectorOperator}: changed cores wait for the next checkpoint barrier. */
    void writeBeforeBarriers() {
        if (changed == null) {
            changed = new java.util.LinkedHashMap<>();
        }
    }

    /** Writes every changed core to its key's state; {@code selectKey} makes that key current. */
    void writeChanged(java.util.function.Consumer<String> selectKey) throws Exception {
        if (changed == null || changed.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Loaded> e : changed.entrySet()) {
            selectKey.accept(e.getKey());
            store(e.getKey(), e.getValue());
        }
        changed.clear();
    }

    /** Forgets a key's core (its state has been cleared). */
    private void forget(String key) {
        if (written != null) {
            written.remove(key);
        }
        if (changed != null) {
            changed.remove(key);
        }
    }

    private Loaded load(String key) throws Exception {
        if (changed != null && changed.containsKey(key)) {
            return changed.get(key); // newer than its state
        }
        SpecificRecord h = head.value();
        if (h == null) {
            return null;
        }
        Loaded cached = written == null ? null : written.get(key);
        Long inState = clock.value();
        if (cached != null && inState != null && inState == cached.core().evaluatedUpTo()) {
            return cached; // state is what this core wrote
        }
        Map<String, SpecificRecord> read = new HashMap<>();
        if (entries != null) {
            for (Map.Entry<String, SpecificRecord> e : entries.entries()) {
                read.put(e.getKey(), e.getValue());
            }
        }
        return new Loaded(codec.restore(config, key, h, read), read);
    }

    /** Writes the core's head and the entries that changed since it was read; removes the ones it dropped. */
    private void store(String key, Loaded loaded) throws Exception {
        Detector<S> d = loaded.core();
        StateCodec.Snapshot<SpecificRecord, SpecificRecord> snapshot = codec.snapshot(d);
        head.update(snapshot.head());
        clock.update(d.evaluatedUpTo());
        if (entries == null) {
            remember(key, d, Map.of());
            return;
        }
        for (Map.Entry<String, SpecificRecord> e : snapshot.entries().entrySet()) {
            if (!e.getValue().equals(loaded.read().get(e.getKey()))) {
                entries.put(e.getKey(), e.getValue());
            }
        }
        for (String entryKey : loaded.read().keySet()) {
            if (!snapshot.entries().containsKey(entryKey)) {
                entries.remove(entryKey);
            }
        }
        remember(key, d, snapshot.entries());
    }

    private void remember(String key, Detector<S> core, Map<String, SpecificRecord> entriesWritten) {
        if (written == null) {
            written = new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Loaded> eldest) {
                    return size() > MAX_WRITTEN;
                }
            };
        }
        written.put(key, new Loaded(core, entriesWritten));
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
