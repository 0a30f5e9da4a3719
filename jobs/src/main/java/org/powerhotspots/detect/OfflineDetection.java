package org.powerhotspots.detect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.powerhotspots.domain.RegionCode;
import org.powerhotspots.domain.Topic;

/**
 * Runs every detector over complaint and outage signals without Flink: signals are fed in event
 * time with a simulated watermark, each detector wakes at its slide boundaries exactly as its
 * Flink timers would, and surge and outage alerts feed the cross-discipline detector. For the
 * simulator's scorer, benchmarks and tests; the same input always gives the same alerts.
 */
public final class OfflineDetection {
    private final DetectionConfig config;

    public OfflineDetection(DetectionConfig config) {
        this.config = config;
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
                run.complaint(c);
            } else {
                run.outage((OutageSignal) signal);
            }
        }
        run.advance(endWatermark);
        return new Result(run.alerts, complaints.size(), outages.size(), run.lateComplaints, run.lateOutages);
    }

    private static long eventTime(Object s) {
        return s instanceof ComplaintSignal c ? c.receivedAt() : ((OutageSignal) s).eventTime();
    }

    private static String idOf(Object s) {
        return s instanceof ComplaintSignal c ? "c" + c.complaintId() : "o" + ((OutageSignal) s).outageId()
                + (((OutageSignal) s).restoredAt() == null ? "" : "|r");
    }

    /** Stage 0 detectors fire before stage 1 (cross) at the same time, as the watermark orders them in Flink. */
    private record Wakeup(long time, int stage, String key, long seq) {}

    private final class Run {
        final Map<String, Detector<?>> detectors = new HashMap<>();
        final Map<String, Long> scheduled = new HashMap<>();
        final PriorityQueue<Wakeup> queue = new PriorityQueue<>(Comparator.comparingLong(Wakeup::time)
                .thenComparingInt(Wakeup::stage).thenComparingLong(Wakeup::seq));
        final List<HotspotAlert> alerts = new ArrayList<>();
        final List<ComplaintSignal> lateComplaints = new ArrayList<>();
        final List<OutageSignal> lateOutages = new ArrayList<>();
        long seq;

        void complaint(ComplaintSignal c) {
            boolean accepted = true;
            if (RegionCode.isValid(c.countyCode())) {
                String key = "surge|" + ProvinceSurgeDetector.keyOf(c.countyCode());
                @SuppressWarnings("unchecked")
                Detector<ComplaintSignal> d = (Detector<ComplaintSignal>) detectors.computeIfAbsent(key,
                        k -> new ProvinceSurgeDetector(config, RegionCode.provinceOf(c.countyCode())));
                accepted &= d.accept(c);
                schedule(key, d);
            }
            if (c.customerId() != null) {
                String key = "repeat|" + c.customerId();
                @SuppressWarnings("unchecked")
                Detector<ComplaintSignal> d = (Detector<ComplaintSignal>) detectors.computeIfAbsent(key,
                        k -> new RepeatComplainantDetector(config, c.customerId()));
                accepted &= d.accept(c);
                schedule(key, d);
            }
            if (!accepted) {
                lateComplaints.add(c);
            }
        }

        void outage(OutageSignal o) {
            String key = "outage|" + o.countyCode();
            @SuppressWarnings("unchecked")
            Detector<OutageSignal> d = (Detector<OutageSignal>) detectors.computeIfAbsent(key,
                    k -> new OutageRepeatDetector(config, o.countyCode()));
            if (!d.accept(o)) {
                lateOutages.add(o);
            }
            schedule(key, d);
        }

        void advance(long watermark) {
            while (!queue.isEmpty() && queue.peek().time() <= watermark) {
                Wakeup w = queue.poll();
                Long current = scheduled.get(w.key());
                if (current == null || current != w.time()) {
                    continue; // superseded
                }
                scheduled.remove(w.key());
                Detector<?> d = detectors.get(w.key());
                List<HotspotAlert> emitted = d.advanceTo(w.time());
                alerts.addAll(emitted);
                for (HotspotAlert a : emitted) {
                    if (a.type() != AlertType.CROSS_DISCIPLINE && CrossDisciplineDetector.isInput(a)) {
                        String key = "cross|" + a.regionCode();
                        @SuppressWarnings("unchecked")
                        Detector<HotspotAlert> cross = (Detector<HotspotAlert>) detectors.computeIfAbsent(key,
                                k -> new CrossDisciplineDetector(config, a.regionCode()));
                        cross.accept(a);
                        schedule(key, cross);
                    }
                }
                if (d.isEmpty()) {
                    detectors.remove(w.key()); // as the Flink function clears a quiet key's state
                } else {
                    schedule(w.key(), d);
                }
            }
        }

        void schedule(String key, Detector<?> d) {
            long next = d.nextWakeup();
            if (next == Long.MAX_VALUE) {
                return;
            }
            Long current = scheduled.get(key);
            if (current != null && current <= next) {
                return; // an earlier wakeup will reschedule
            }
            scheduled.put(key, next);
            queue.add(new Wakeup(next, key.startsWith("cross|") ? 1 : 0, key, seq++));
        }
    }
}
