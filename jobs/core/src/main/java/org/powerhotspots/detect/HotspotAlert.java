package org.powerhotspots.detect;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.powerhotspots.domain.Discipline;
import org.powerhotspots.domain.Topic;

/**
 * One emission of a hotspot alert (SPEC section 4). The same {@code alertId} is emitted again
 * with status UPDATED while the incident grows and RESOLVED when it ends; {@code regionName} is
 * left null here and filled in by the sink layer.
 */
public record HotspotAlert(
        String alertId,
        AlertType type,
        AlertStatus status,
        String regionCode,
        RegionLevel regionLevel,
        String regionName,
        String feederId,
        String stationAreaId,
        Topic topic,
        long windowStart,
        long windowEnd,
        long detectedAt,
        double observed,
        double expected,
        double score,
        Severity severity,
        int distinctCustomers,
        List<Discipline> disciplines,
        Evidence evidence,
        Rule rule)
        implements Serializable {

    public HotspotAlert {
        disciplines = disciplines == null ? new ArrayList<>() : new ArrayList<>(disciplines);
        evidence = evidence == null ? Evidence.empty() : evidence;
    }

    /** The SPEC topic label, or null for alerts without a topic. */
    public String topicLabel() {
        return topic == null ? null : topic.label();
    }

    /** The same alert with another status and window end (used for UPDATED and RESOLVED). */
    public HotspotAlert withStatus(AlertStatus newStatus, long newWindowEnd) {
        return new HotspotAlert(alertId, type, newStatus, regionCode, regionLevel, regionName, feederId,
                stationAreaId, topic, windowStart, newWindowEnd, detectedAt, observed, expected, score,
                severity, distinctCustomers, disciplines, evidence, rule);
    }

    /** The same alert with a region name (for the sink layer). */
    public HotspotAlert withRegionName(String name) {
        return new HotspotAlert(alertId, type, status, regionCode, regionLevel, name, feederId,
                stationAreaId, topic, windowStart, windowEnd, detectedAt, observed, expected, score,
                severity, distinctCustomers, disciplines, evidence, rule);
    }

    /**
     * Bounded evidence: complaint and outage ids, top keywords with counts, a few sample texts; for EMERGING_ISSUE
     * also the theme's terms (with their distinct customers) and the topics its complaints were filed under.
     */
    public record Evidence(
            List<String> complaintIds,
            List<String> outageIds,
            List<KeywordCount> keywords,
            List<String> sampleTexts,
            List<KeywordCount> terms,
            List<Topic> filedTopics)
            implements Serializable {

        public Evidence {
            complaintIds = complaintIds == null ? new ArrayList<>() : new ArrayList<>(complaintIds);
            outageIds = outageIds == null ? new ArrayList<>() : new ArrayList<>(outageIds);
            keywords = keywords == null ? new ArrayList<>() : new ArrayList<>(keywords);
            sampleTexts = sampleTexts == null ? new ArrayList<>() : new ArrayList<>(sampleTexts);
            terms = terms == null ? new ArrayList<>() : new ArrayList<>(terms);
            filedTopics = filedTopics == null ? new ArrayList<>() : new ArrayList<>(filedTopics);
        }

        /** Evidence without a theme (every alert type but EMERGING_ISSUE). */
        public Evidence(List<String> complaintIds, List<String> outageIds, List<KeywordCount> keywords,
                List<String> sampleTexts) {
            this(complaintIds, outageIds, keywords, sampleTexts, null, null);
        }

        public static Evidence empty() {
            return new Evidence(null, null, null, null);
        }
    }

    /** A keyword and how many of the alert's complaints carry it. */
    public record KeywordCount(String keyword, int count) implements Serializable {}

    /**
     * Which rule fired, with the parameters it used, in the order it gave them. Kept as two lists, not a map: Flink's
     * typed serializer rebuilds a map as a HashMap, which would shuffle the parameters of every alert it ships.
     */
    public record Rule(String name, List<String> parameterNames, List<String> parameterValues)
            implements Serializable {
        public Rule {
            parameterNames = parameterNames == null ? new ArrayList<>() : new ArrayList<>(parameterNames);
            parameterValues = parameterValues == null ? new ArrayList<>() : new ArrayList<>(parameterValues);
            if (parameterNames.size() != parameterValues.size()) {
                throw new IllegalArgumentException("a rule parameter without a value");
            }
        }

        public Rule(String name, Map<String, String> parameters) {
            this(name, parameters == null ? null : new ArrayList<>(parameters.keySet()),
                    parameters == null ? null : new ArrayList<>(parameters.values()));
        }

        /** The parameters by name, in the rule's order. */
        public Map<String, String> parameters() {
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i < parameterNames.size(); i++) {
                out.put(parameterNames.get(i), parameterValues.get(i));
            }
            return out;
        }
    }
}
