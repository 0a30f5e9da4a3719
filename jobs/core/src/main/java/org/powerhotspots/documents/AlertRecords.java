package org.powerhotspots.documents;

import org.powerhotspots.domain.Times;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.powerhotspots.detect.HotspotAlert;
import org.powerhotspots.detect.RegionLevel;
import org.powerhotspots.domain.Discipline;
import org.powerhotspots.domain.RegionCode;
import org.powerhotspots.region.Region;
import org.powerhotspots.region.Regions;
import org.powerhotspots.schema.Alert;
import org.powerhotspots.schema.AlertStatus;
import org.powerhotspots.schema.AlertType;
import org.powerhotspots.schema.Evidence;
import org.powerhotspots.schema.KeywordCount;
import org.powerhotspots.schema.Rule;
import org.powerhotspots.schema.Severity;

/** One alert in its three output forms: Avro (alerts topic), Elasticsearch document, JSON line. */
public final class AlertRecords implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Regions regions;

    public AlertRecords(Regions regions) {
        this.regions = regions;
    }

    /** The alert with its region name filled in (county name for feeder and station-area alerts). */
    public HotspotAlert named(HotspotAlert a) {
        if (a.regionName() != null || a.regionCode() == null || !RegionCode.isValid(a.regionCode())) {
            return a;
        }
        String name = regions.lookup(a.regionCode()).name();
        if (a.regionLevel() == RegionLevel.STATION_AREA && a.stationAreaId() != null) {
            name = name + " 台区 " + a.stationAreaId();
        } else if (a.regionLevel() == RegionLevel.FEEDER && a.feederId() != null) {
            name = name + " 线路 " + a.feederId();
        }
        return a.withRegionName(name);
    }

    public Alert toAvro(HotspotAlert a) {
        HotspotAlert n = named(a);
        List<KeywordCount> keywords = new ArrayList<>();
        n.evidence().keywords().forEach(k -> keywords.add(new KeywordCount(k.keyword(), k.count())));
        List<String> disciplines = new ArrayList<>();
        n.disciplines().forEach(d -> disciplines.add(d.name()));
        List<org.powerhotspots.schema.TermCount> terms = new ArrayList<>();
        n.evidence().terms().forEach(t -> terms.add(new org.powerhotspots.schema.TermCount(t.keyword(), t.count())));
        List<String> filedTopics = new ArrayList<>();
        n.evidence().filedTopics().forEach(t -> filedTopics.add(t.name()));
        return Alert.newBuilder()
                .setAlertId(n.alertId())
                .setType(AlertType.valueOf(n.type().name()))
                .setStatus(AlertStatus.valueOf(n.status().name()))
                .setRegionCode(n.regionCode())
                .setRegionLevel(org.powerhotspots.schema.RegionLevel.valueOf(n.regionLevel().name()))
                .setRegionName(n.regionName() == null ? n.regionCode() : n.regionName())
                .setFeederId(n.feederId())
                .setStationAreaId(n.stationAreaId())
                .setTopic(n.topic() == null ? null : n.topic().name())
                .setTopicLabel(n.topicLabel())
                .setWindowStart(Instant.ofEpochMilli(n.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(n.windowEnd()))
                .setDetectedAt(Instant.ofEpochMilli(n.detectedAt()))
                .setObserved(n.observed())
                .setExpected(n.expected())
                .setScore(n.score())
                .setSeverity(Severity.valueOf(n.severity().name()))
                .setDistinctCustomers(n.distinctCustomers())
                .setDisciplines(disciplines)
                .setEvidence(new Evidence(new ArrayList<>(n.evidence().complaintIds()),
                        new ArrayList<>(n.evidence().outageIds()), keywords, new ArrayList<>(n.evidence().sampleTexts())))
                .setRule(new Rule(n.rule() == null ? "" : n.rule().name(),
                        n.rule() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(n.rule().parameters())))
                .setTerms(terms)
                .setFiledTopics(filedTopics)
                .build();
    }

    /** The SPEC section 4 fields in snake_case with ISO-8601 times (alerts JSON Lines). */
    public Map<String, Object> toFields(HotspotAlert a) {
        HotspotAlert n = named(a);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alert_id", n.alertId());
        m.put("type", n.type().name());
        m.put("status", n.status().name());
        m.put("region_code", n.regionCode());
        m.put("region_level", n.regionLevel().name());
        m.put("region_name", n.regionName() == null ? n.regionCode() : n.regionName());
        m.put("feeder_id", n.feederId());
        m.put("station_area_id", n.stationAreaId());
        m.put("topic", n.topic() == null ? null : n.topic().name());
        m.put("topic_label", n.topicLabel());
        m.put("window_start", Times.iso(n.windowStart()));
        m.put("window_end", Times.iso(n.windowEnd()));
        m.put("detected_at", Times.iso(n.detectedAt()));
        m.put("observed", n.observed());
        m.put("expected", round(n.expected()));
        m.put("score", round(n.score()));
        m.put("severity", n.severity().name());
        m.put("distinct_customers", n.distinctCustomers());
        List<String> disciplines = new ArrayList<>();
        for (Discipline d : n.disciplines()) {
            disciplines.add(d.name());
        }
        m.put("disciplines", disciplines);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("complaint_ids", new ArrayList<>(n.evidence().complaintIds()));
        evidence.put("outage_ids", new ArrayList<>(n.evidence().outageIds()));
        evidence.put("keywords", counts(n.evidence().keywords(), "keyword"));
        evidence.put("sample_texts", new ArrayList<>(n.evidence().sampleTexts()));
        m.put("evidence", evidence);
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("name", n.rule() == null ? "" : n.rule().name());
        rule.put("parameters", n.rule() == null ? Map.of() : new LinkedHashMap<>(n.rule().parameters()));
        m.put("rule", rule);
        if (n.type() == org.powerhotspots.detect.AlertType.EMERGING_ISSUE) {
            m.put("terms", counts(n.evidence().terms(), "term"));
            List<String> filed = new ArrayList<>();
            n.evidence().filedTopics().forEach(t -> filed.add(t.name()));
            m.put("filed_topics", filed);
        }
        return m;
    }

    /** Words with their counts as {name: word, count: n} objects (evidence keywords, a theme's terms). */
    private static List<Map<String, Object>> counts(List<HotspotAlert.KeywordCount> words, String name) {
        List<Map<String, Object>> out = new ArrayList<>(words.size());
        for (HotspotAlert.KeywordCount k : words) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put(name, k.keyword());
            o.put("count", k.count());
            out.add(o);
        }
        return out;
    }

    /** The hotspot-alerts document: the SPEC fields plus parents, point and helpers for dashboards. */
    public Map<String, Object> toDocument(HotspotAlert a) {
        HotspotAlert n = named(a);
        Map<String, Object> m = toFields(n);
        if (n.regionCode() != null && RegionCode.isValid(n.regionCode())) {
            Region r = regions.lookup(n.regionCode());
            m.put("county_code", r.level() == RegionCode.AdminLevel.COUNTY ? r.code() : null);
            m.put("city_code", r.cityCode());
            m.put("city_name", r.cityName());
            m.put("province_code", r.provinceCode());
            m.put("province_name", r.provinceName());
            if (r.lat() != null && r.lon() != null) {
                m.put("location", Map.of("lat", r.lat(), "lon", r.lon()));
            }
        }
        m.put("topic_group", n.topic() == null ? null : n.topic().group().name());
        m.put("updated_at", Times.iso(n.windowEnd()));
        m.put("open_hours", Math.round((n.windowEnd() - n.windowStart()) / 36_000.0) / 100.0);
        m.put("severity_rank", n.severity().ordinal() + 1);
        return m;
    }

    public String toJsonLine(HotspotAlert a) {
        try {
            return JSON.writeValueAsString(toFields(a));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write alert " + a.alertId(), e);
        }
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000.0) / 1000.0 : 0.0;
    }
}
