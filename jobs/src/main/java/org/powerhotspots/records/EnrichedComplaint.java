package org.powerhotspots.records;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.powerhotspots.detect.ComplaintSignal;
import org.powerhotspots.domain.Topic;
import org.powerhotspots.io.Times;

/** A complaint with its text analysis and region: what Elasticsearch and the detectors receive. */
public class EnrichedComplaint {
    public ComplaintEvent complaint;
    public String normalizedText;
    public List<String> tokens = new ArrayList<>();
    public List<String> keywords = new ArrayList<>();
    /** Topic codes, best first; never empty (OTHER). */
    public List<String> topics = new ArrayList<>();
    public double topicConfidence;
    public String regionName;
    public String cityCode;
    public String cityName;
    public String provinceCode;
    public String provinceName;
    public Double lat;
    public Double lon;

    public EnrichedComplaint() {}

    public Topic primaryTopic() {
        return topics.isEmpty() ? Topic.OTHER : Topic.fromCode(topics.get(0));
    }

    /** The detectors' view. */
    public ComplaintSignal toSignal() {
        List<Topic> ts = new ArrayList<>();
        for (String t : topics) {
            ts.add(Topic.fromCode(t));
        }
        return new ComplaintSignal(complaint.complaintId, complaint.receivedAt, complaint.regionCode,
                complaint.customerId, ts, keywords, complaint.text);
    }

    /** Fields of the hotspot-complaints document (docs/elasticsearch.md). */
    public Map<String, Object> toDocument() {
        Topic primary = primaryTopic();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("complaint_id", complaint.complaintId);
        m.put("received_at", Times.iso(complaint.receivedAt));
        m.put("channel", complaint.channel);
        m.put("region_code", complaint.regionCode);
        m.put("region_name", regionName);
        m.put("region_level", "COUNTY");
        m.put("city_code", cityCode);
        m.put("city_name", cityName);
        m.put("province_code", provinceCode);
        m.put("province_name", provinceName);
        m.put("station_area_id", complaint.stationAreaId);
        m.put("feeder_id", complaint.feederId);
        m.put("customer_id", complaint.customerId);
        m.put("category_code", complaint.categoryCode);
        m.put("text", complaint.text);
        m.put("normalized_text", normalizedText);
        m.put("tokens", new ArrayList<>(tokens));
        m.put("keywords", new ArrayList<>(keywords));
        m.put("topics", new ArrayList<>(topics));
        m.put("primary_topic", primary.name());
        m.put("primary_topic_label", primary.label());
        m.put("topic_group", primary.group().name());
        m.put("topic_confidence", topicConfidence);
        List<String> disciplines = new ArrayList<>();
        primary.disciplines().forEach(d -> disciplines.add(d.name()));
        m.put("disciplines", disciplines);
        if (lat != null && lon != null) {
            m.put("location", Map.of("lat", lat, "lon", lon));
        }
        return m;
    }
}
