package org.powerhotspots.detect;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.powerhotspots.domain.RegionCode;
import org.powerhotspots.domain.Topic;
import org.powerhotspots.schema.state.SurgeProvinceState;
import org.powerhotspots.schema.state.SurgeRegionState;
import org.powerhotspots.schema.state.SurgeTopicState;

/**
 * COMPLAINT_SURGE for one province: one {@link SurgeDetector} per topic; each topic's forecast is corrected
 * for the day's common mood by how the other topics run against theirs (see {@link CommonMode}). A complaint
 * of several topics counts in each of them.
 */
public final class ProvinceSurgeDetector extends ComplaintDetector {
    private static final long serialVersionUID = 1L;

    private final String provinceCode;
    private final TreeMap<Topic, SurgeDetector> topics = new TreeMap<>();
    /** How common each keyword is among the province's complaints (salience of alert keywords). */
    private KeywordBackground keywords = new KeywordBackground();

    public ProvinceSurgeDetector(DetectionConfig config, String provinceCode) {
        super(config);
        this.provinceCode = provinceCode;
    }

    @Override
    protected long slideOf(DetectionConfig settings) {
        return settings.surgeSlide;
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
        for (Topic topic : new LinkedHashSet<>(s.topics())) {
            topics.computeIfAbsent(topic, t -> new SurgeDetector(config, provinceCode, t)).count(s);
        }
        keywords.add(s.keywords());
    }

    @Override
    protected List<HotspotAlert> evaluate(long boundary) {
        long previous = evaluatedUpTo();
        keywords.decay(previous == Long.MIN_VALUE ? 0 : boundary - previous);
        // Every topic's buckets first: each topic's common-mode factor is read from the others.
        Map<Topic, SurgeDetector.ProvinceSeries> province = new java.util.EnumMap<>(Topic.class);
        for (SurgeDetector topic : topics.values()) {
            province.put(topic.topic(), topic.prepare(boundary));
        }
        // Then each topic on its own: it reads the others' series and the keyword background, and changes only
        // itself, so the topics of one province are tested in parallel (a province's slide uses every core; its
        // alerts keep the topics' order).
        // The same for the day so far before each window (see SurgeDetector's day factor).
        Map<Topic, SurgeDetector.ProvinceSeries> today = new java.util.EnumMap<>(Topic.class);
        province.forEach((t, series) -> today.put(t, series == null ? null : series.today()));
        List<SurgeDetector> each = new ArrayList<>(topics.values());
        List<List<HotspotAlert>> byTopic = each.parallelStream().map(topic -> {
            SurgeDetector.ProvinceSeries own = province.get(topic.topic());
            boolean common = config.surgeVolumePrior > 0 && own != null && own.warm();
            double[] factor = !common ? null
                    : CommonMode.factor(topic.topic(), province, config.surgeVolumePrior, config.surgeWindows.length);
            double[] todayFactor = !common ? null
                    : CommonMode.factor(topic.topic(), today, config.surgeVolumePrior, config.surgeWindows.length);
            return topic.evaluate(boundary, own, factor, todayFactor, keywords::share);
        }).toList();
        List<HotspotAlert> alerts = new ArrayList<>();
        byTopic.forEach(alerts::addAll);
        topics.values().removeIf(SurgeDetector::stateEmpty);
        return alerts;
    }

    /** The province's state: its clock, volume and each topic's province-level series in the head, regions as entries. */
    public StateCodec.Snapshot<SurgeProvinceState, SurgeRegionState> snapshot() {
        List<SurgeTopicState> topicStates = new ArrayList<>(topics.size());
        TreeMap<String, SurgeRegionState> entries = new TreeMap<>();
        for (SurgeDetector topic : topics.values()) {
            topicStates.add(topic.topicState());
            topic.regionStates(entries);
        }
        // The volume of release 0.1 (an all-topics series behind the common mode) is no longer kept: CommonMode
        // reads the topics' own series. The field stays in the schema, null, so old savepoints still load.
        return new StateCodec.Snapshot<>(new SurgeProvinceState(evaluatedUpTo(), null, topicStates,
                keywords.toState(), keywords.complaints()), entries);
    }

    /** The province's core, bound to {@code config}, from its head and region entries. */
    public static ProvinceSurgeDetector fromState(DetectionConfig config, String provinceCode,
            SurgeProvinceState head, Map<String, SurgeRegionState> entries) {
        ProvinceSurgeDetector d = new ProvinceSurgeDetector(config, provinceCode);
        d.restoreClock(head.getClock());
        d.keywords = KeywordBackground.fromState(head.getKeywordBackground(), head.getKeywordComplaints());
        Map<String, List<SurgeRegionState>> byTopic = new java.util.HashMap<>();
        for (SurgeRegionState r : entries.values()) {
            byTopic.computeIfAbsent(r.getTopic(), t -> new ArrayList<>()).add(r);
        }
        for (SurgeTopicState t : head.getTopics()) {
            d.topics.put(Topic.valueOf(t.getTopic()), SurgeDetector.fromState(config, provinceCode, t,
                    byTopic.getOrDefault(t.getTopic(), List.of())));
        }
        return d;
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
        return topics.isEmpty();
    }
}
