package org.powerhotspots.bench;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.powerhotspots.detect.ComplaintSignal;
import org.powerhotspots.detect.DetectionConfig;
import org.powerhotspots.detect.Detector;
import org.powerhotspots.detect.HotspotAlert;
import org.powerhotspots.detect.OutageRepeatDetector;
import org.powerhotspots.detect.OutageSignal;
import org.powerhotspots.detect.ProvinceSurgeDetector;
import org.powerhotspots.domain.RegionCode;
import org.powerhotspots.domain.Topic;

/**
 * Feeds the surge and outage-repeat cores directly, on one thread, with the keys the Flink job uses
 * (province and county) and a watermark of max seen − lateness; each key wakes at its
 * {@link Detector#nextWakeup()} as its Flink timer would. The work the windowed Flink count is
 * compared with, without Flink.
 */
final class CoreReplay {
    private final DetectionConfig config;
    private final Map<String, Detector<?>> detectors = new HashMap<>();
    private final Map<String, Long> scheduled = new HashMap<>();
    private final PriorityQueue<Wakeup> queue = new PriorityQueue<>(Comparator.comparingLong(Wakeup::time)
            .thenComparingLong(Wakeup::seq));
    private long seq;
    private long alerts;

    private record Wakeup(long time, String key, long seq) {}

    CoreReplay(DetectionConfig config) {
        this.config = config;
    }

    /** Replays the data (sorted by event time) up to {@code endWatermark}; returns the alerts emitted. */
    long run(BenchmarkData data, long endWatermark) {
        List<ComplaintSignal> complaints = data.complaints();
        List<OutageSignal> outages = data.outages();
        int c = 0;
        int o = 0;
        while (c < complaints.size() || o < outages.size()) {
            boolean complaintNext = o == outages.size()
                    || (c < complaints.size() && complaints.get(c).receivedAt() <= outages.get(o).eventTime());
            long t = complaintNext ? complaints.get(c).receivedAt() : outages.get(o).eventTime();
            advance(Math.min(endWatermark, t - config.lateness - 1));
            if (complaintNext) {
                complaint(complaints.get(c++));
            } else {
                outage(outages.get(o++));
            }
        }
        advance(endWatermark);
        return alerts;
    }

    @SuppressWarnings("unchecked")
    private void complaint(ComplaintSignal signal) {
        if (!RegionCode.isValid(signal.countyCode())) {
            return;
        }
        String key = ProvinceSurgeDetector.keyOf(signal.countyCode());
        Detector<ComplaintSignal> d = (Detector<ComplaintSignal>) detectors.computeIfAbsent(key,
                k -> new ProvinceSurgeDetector(config, key));
        d.accept(signal);
        schedule(key, d);
    }

    @SuppressWarnings("unchecked")
    private void outage(OutageSignal signal) {
        String key = "outage|" + signal.countyCode();
        Detector<OutageSignal> d = (Detector<OutageSignal>) detectors.computeIfAbsent(key,
                k -> new OutageRepeatDetector(config, signal.countyCode()));
        d.accept(signal);
        schedule(key, d);
    }

    private void advance(long watermark) {
        while (!queue.isEmpty() && queue.peek().time() <= watermark) {
            Wakeup w = queue.poll();
            Long current = scheduled.get(w.key());
            if (current == null || current != w.time()) {
                continue; // superseded by an earlier wakeup
            }
            scheduled.remove(w.key());
            Detector<?> d = detectors.get(w.key());
            List<HotspotAlert> emitted = d.advanceTo(w.time());
            alerts += emitted.size();
            if (d.isEmpty()) {
                detectors.remove(w.key()); // as the Flink function clears a quiet key
            } else {
                schedule(w.key(), d);
            }
        }
    }

    private void schedule(String key, Detector<?> d) {
        long next = d.nextWakeup();
        if (next == Long.MAX_VALUE) {
            return;
        }
        Long current = scheduled.get(key);
        if (current != null && current <= next) {
            return;
        }
        scheduled.put(key, next);
        queue.add(new Wakeup(next, key, seq++));
    }
}
