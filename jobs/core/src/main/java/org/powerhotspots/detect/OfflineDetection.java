package org.powerhotspots.detect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.powerhotspots.detect.DetectorCatalogue.Input;
import org.powerhotspots.detect.DetectorCatalogue.Spec;

/**
 * Runs the detectors of the {@link DetectorCatalogue} over complaint and outage signals without Flink:
 * signals are fed in event time with a simulated watermark, each key wakes at its slide boundaries
 * exactly as its Flink timers would, and the alerts feed the detectors that read alerts. For the
 * simulator's scorer, benchmarks and tests; the same input always gives the same alerts.
 */
public final class OfflineDetection {
    private final DetectionConfig config;
    private final List<Spec<?>> detectors;

    /** Runs the given detectors of the catalogue (a benchmark may run a few). */
    public OfflineDetection(DetectionConfig config, List<Spec<?>> detectors) {
        this.config = config;
        this.detectors = List.copyOf(detectors);
    }

    /** Runs every detector of the catalogue. */
    public OfflineDetection(DetectionConfig config) {
        this(config, DetectorCatalogue.ALL);
    }

    public OfflineDetection() {
        this(DetectionConfig.defaults());
    }

    /** What a run produced. */
    public record Result(List<HotspotAlert> alerts, long complaints, long outages,
            List<ComplaintSignal> lateComplaints, List<OutageSignal> lateOutages) {

        /** The last emission of every alert id, in first-emission order (what an index would hold). */
        public List<HotspotAlert> latestById() {
            Map<String, HotspotAlert> latest = new LinkedHashMap<>();
            for (HotspotAlert a : alerts) {
                latest.put(a.alertId(), a);
            }
            return new ArrayList<>(latest.values());
        }

        public List<HotspotAlert> ofType(AlertType type) {
            return alerts.stream().filter(a -> a.type() == type).toList();
        }
    }

    /** Runs until the last signal's slide has been evaluated. */
    /** Replaces a core after each evaluation (tests: through its state and back, as a restart would). */
    interface Rebuild {
        <S> Detector<S> rebuild(Spec<S> spec, String key, Detector<S> core);
    }

    /** Null in a normal run. */
    Rebuild afterAdvance;
    private Map<String, Detector<?>> lastCores = Map.of();

    /** The cores the last run ended with, by "detector name|key" (state figures, diagnostics). */
    public Map<String, Detector<?>> cores() {
        return java.util.Collections.unmodifiableMap(lastCores);
    }

    public Result run(Collection<ComplaintSignal> complaints, Collection<OutageSignal> outages) {
        long last = Long.MIN_VALUE;
        for (ComplaintSignal c : complaints) {
            last = Math.max(last, c.receivedAt());
        }
        for (OutageSignal o : outages) {
            last = Math.max(last, o.eventTime());
        }
        long slide = Math.max(config.surgeSlide, Math.max(config.outageSlide, config.repeatSlide));
        long end = last == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(last, slide) * slide + slide;
        return run(complaints, outages, end);
    }

    /**
     * Runs with the watermark ending at {@code endWatermark}: boundaries after it are not
     * evaluated, so open incidents stay open as they would in a running stream.
     */
    public Result run(Collection<ComplaintSignal> complaints, Collection<OutageSignal> outages, long endWatermark) {
        Run run = new Run();
        List<Object> input = new ArrayList<>(complaints.size() + outages.size());
        input.addAll(complaints);
        input.addAll(outages);
        input.sort(Comparator.comparingLong(OfflineDetection::eventTime).thenComparing(OfflineDetection::idOf));
        for (Object signal : input) {
            long t = eventTime(signal);
            run.advance(Math.min(endWatermark, t - config.lateness - 1));
            if (signal instanceof ComplaintSignal c) {
                if (!run.feed(Input.COMPLAINTS, c)) {
                    run.lateComplaints.add(c);
                }
            } else if (!run.feed(Input.OUTAGES, signal)) {
                run.lateOutages.add((OutageSignal) signal);
            }
        }
        run.advance(endWatermark);
        lastCores = run.cores;
        return new Result(run.alerts, complaints.size(), outages.size(), run.lateComplaints, run.lateOutages);
    }

    private static long eventTime(Object s) {
        return s instanceof ComplaintSignal c ? c.receivedAt() : ((OutageSignal) s).eventTime();
    }

    private static String idOf(Object s) {
        return s instanceof ComplaintSignal c ? "c" + c.complaintId() : "o" + ((OutageSignal) s).outageId()
                + (((OutageSignal) s).restoredAt() == null ? "" : "|r");
    }

    /** Detectors of alerts fire after the others at the same time, as the watermark orders them in Flink. */
    private record Wakeup(long time, int stage, String key, long seq) {}

    private final class Run {
        final Map<String, Detector<?>> cores = new HashMap<>();
        final Map<String, Long> scheduled = new HashMap<>();
        final PriorityQueue<Wakeup> queue = new PriorityQueue<>(Comparator.comparingLong(Wakeup::time)
                .thenComparingInt(Wakeup::stage).thenComparingLong(Wakeup::seq));
        final List<HotspotAlert> alerts = new ArrayList<>();
        final List<ComplaintSignal> lateComplaints = new ArrayList<>();
        final List<OutageSignal> lateOutages = new ArrayList<>();
        long seq;

        /** Hands a record to every detector of its input that takes it; false if one refused it as late. */
        boolean feed(Input input, Object signal) {
            boolean accepted = true;
            for (Spec<?> spec : detectors) {
                if (spec.input() == input) {
                    accepted &= feed(spec, signal);
                }
            }
            return accepted;
        }

        private <S> boolean feed(Spec<S> spec, Object record) {
            S signal = spec.signalType().cast(record);
            if (!spec.takes(signal)) {
                return true;
            }
            String key = spec.key().of(signal);
            String coreKey = spec.name() + "|" + key;
            @SuppressWarnings("unchecked")
            Detector<S> core = (Detector<S>) cores.computeIfAbsent(coreKey, k -> spec.factory().create(config, key));
            boolean accepted = core.accept(signal);
            schedule(coreKey, spec.input() == Input.ALERTS ? 1 : 0, core);
            return accepted;
        }

        void advance(long watermark) {
            while (!queue.isEmpty() && queue.peek().time() <= watermark) {
                Wakeup w = queue.poll();
                Long current = scheduled.get(w.key());
                if (current == null || current != w.time()) {
                    continue; // superseded
                }
                scheduled.remove(w.key());
                Detector<?> core = cores.get(w.key());
                List<HotspotAlert> emitted = core.advanceTo(w.time());
                if (afterAdvance != null) {
                    core = rebuilt(w.key(), core);
                    cores.put(w.key(), core);
                }
                alerts.addAll(emitted);
                for (HotspotAlert a : emitted) {
                    feed(Input.ALERTS, a);
                }
                if (core.isEmpty()) {
                    cores.remove(w.key()); // as the Flink function clears a quiet key's state
                } else {
                    schedule(w.key(), w.stage(), core);
                }
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private Detector<?> rebuilt(String coreKey, Detector<?> core) {
            int bar = coreKey.indexOf('|');
            String name = coreKey.substring(0, bar);
            for (Spec<?> spec : detectors) {
                if (spec.name().equals(name)) {
                    return afterAdvance.rebuild((Spec) spec, coreKey.substring(bar + 1), (Detector) core);
                }
            }
            throw new IllegalStateException("no detector " + name);
        }

        void schedule(String key, int stage, Detector<?> core) {
            long next = core.nextWakeup();
            if (next == Long.MAX_VALUE) {
                return;
            }
            Long current = scheduled.get(key);
            if (current != null && current <= next) {
                return; // an earlier wakeup will reschedule
            }
            scheduled.put(key, next);
            queue.add(new Wakeup(next, stage, key, seq++));
        }
    }
}
