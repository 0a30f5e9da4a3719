package org.powerhotspots.detect;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.powerhotspots.domain.RegionCode;
import org.powerhotspots.domain.Topic;

/**
 * COMPLAINT_SURGE for one province: one {@link SurgeDetector} per topic, plus the province's complaint
 * volume over all topics, which corrects each topic's forecast for the day's common mood (see
 * {@link ProvinceVolume}). A complaint of several topics counts in each of them, and once in the volume.
 */
public final class ProvinceSurgeDetector extends ComplaintDetector {
    private static final long serialVersionUID = 1L;

    private final String provinceCode;
    private final TreeMap<Topic, SurgeDetector> topics = new TreeMap<>();
    /** Null when surge.volumePrior is 0 (each topic against its own forecast only). */
    private ProvinceVolume volume;

    public ProvinceSurgeDetector(DetectionConfig config, String provinceCode) {
        super(config);
        this.provinceCode = provinceCode;
        onSettings(config);
    }

    @Override
    protected long slideOf(DetectionConfig settings) {
        return settings.surgeSlide;
    }

    @Override
    protected void onSettings(DetectionConfig settings) {
        for (SurgeDetector topic : topics.values()) {
            topic.useSettings(settings);
        }
        if (settings.surgeVolumePrior <= 0) {
            volume = null; // the correction turned off
        } else if (volume == null) {
            volume = new ProvinceVolume(settings); // turned on: it corrects once its baseline is warm
        } else {
            volume.bind(settings);
        }
    }

    /** The key of the detector a complaint of this county goes to: its province code. */
    public static String keyOf(String countyCode) {
        return RegionCode.provinceOf(countyCode);
    }

    public String provinceCode() {
        return provinceCode;
    }

    /** The topics this detector holds state for. */
    public Map<Topic, SurgeDetector> topics() {
        return java.util.Collections.unmodifiableMap(topics);
    }

    @Override
    protected void apply(ComplaintSignal s) {
        if (!RegionCode.isValid(s.countyCode()) || !RegionCode.provinceOf(s.countyCode()).equals(provinceCode)) {
            return; // the caller's keying guarantees this; a stray record must not corrupt the counts
        }
        if (volume != null) {
            volume.add(s.receivedAt());
        }
        for (Topic topic : new LinkedHashSet<>(s.topics())) {
            topics.computeIfAbsent(topic, t -> new SurgeDetector(config, provinceCode, t)).count(s);
        }
    }

    @Override
    protected List<HotspotAlert> evaluate(long boundary) {
        if (volume != null) {
            volume.learn(boundary);
        }
        List<HotspotAlert> alerts = new ArrayList<>();
        Iterator<SurgeDetector> it = topics.values().iterator();
        while (it.hasNext()) {
            SurgeDetector topic = it.next();
            alerts.addAll(topic.evaluate(boundary, volume));
            if (topic.stateEmpty()) {
                it.remove();
            }
        }
        return alerts;
    }

    @Override
    protected boolean needsEveryBoundary() {
        return !stateEmpty();
    }

    @Override
    protected long stateWakeup() {
        return Long.MAX_VALUE;
    }

    @Override
    protected boolean stateEmpty() {
        return topics.isEmpty() && (volume == null || volume.isEmpty());
    }
}
