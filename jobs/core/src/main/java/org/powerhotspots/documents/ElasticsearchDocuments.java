package org.powerhotspots.documents;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.powerhotspots.detect.HotspotAlert;
import org.powerhotspots.domain.Times;
import org.powerhotspots.domain.Topic;
import org.powerhotspots.records.DeadLetter;
import org.powerhotspots.records.EnrichedComplaint;
import org.powerhotspots.records.OutageEvent;
import org.powerhotspots.region.Region;
import org.powerhotspots.region.Regions;

/**
 * The one place where records become Elasticsearch documents: complaints, outages, alerts and dead
 * letters, with the fields docs/elasticsearch.md lists (the index templates in dashboards/templates
 * map them).
 */
public final class ElasticsearchDocuments {
    /** Characters of a complaint's text that are indexed; a longer text is cut there and flagged text_truncated. */
    public static final int INDEXED_TEXT_CAP = 20_000;
    private final Regions regions;
    private final AlertRecords alerts;

    public ElasticsearchDocuments(Regions regions) {
        this.regions = regions;
        this.alerts = new AlertRecords(regions);
    }

    /** The hotspot-complaints document. */
    public static Map<String, Object> complaint(EnrichedComplaint c) {
        Topic primary = c.primaryTopic();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("complaint_id", c.complaint.complaintId);
        m.put("received_at", Times.iso(c.complaint.receivedAt));
        m.put("channel", c.complaint.channel);
        m.put("region_code", c.complaint.regionCode);
        m.put("region_name", c.regionName);
        m.put("region_level", "COUNTY");
        m.put("city_code", c.cityCode);
        m.put("city_name", c.cityName);
        m.put("province_code", c.provinceCode);
        m.put("province_name", c.provinceName);
        m.put("station_area_id", c.complaint.stationAreaId);
        m.put("feeder_id", c.complaint.feederId);
        m.put("customer_id", c.complaint.customerId);
        m.put("category_code", c.complaint.categoryCode);
        // The whole text up to a generous cap is indexed for analysts; analysis read at most ANALYSED_TEXT_CAP of it.
        boolean truncated = c.complaint.text.length() > INDEXED_TEXT_CAP;
        m.put("text", truncated ? c.complaint.text.substring(0, INDEXED_TEXT_CAP) : c.complaint.text);
        m.put("text_truncated", truncated);
        if (c.analysisError != null) {
            m.put("analysis_error", c.analysisError);
        }
        m.put("normalized_text", c.normalizedText);
        m.put("tokens", new ArrayList<>(c.tokens));
        m.put("keywords", new ArrayList<>(c.keywords));
        m.put("topics", new ArrayList<>(c.topics));
        m.put("primary_topic", primary.name());
        m.put("primary_topic_label", primary.label());
        m.put("topic_group", primary.group().name());
        m.put("topic_confidence", c.topicConfidence);
        List<String> disciplines = new ArrayList<>();
        primary.disciplines().forEach(d -> disciplines.add(d.name()));
        m.put("disciplines", disciplines);
        if (c.lat != null && c.lon != null) {
            m.put("location", Map.of("lat", c.lat, "lon", c.lon));
        }
        return m;
    }

    /** The hotspot-outages document; the region names and point are the county's. */
    public Map<String, Object> outage(OutageEvent o) {
        Region region = regions.lookup(o.regionCode);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outage_id", o.outageId);
        m.put("kind", o.kind);
        m.put("started_at", Times.iso(o.startedAt));
        m.put("restored_at", o.restoredAt == null ? null : Times.iso(o.restoredAt));
        m.put("duration_minutes", o.restoredAt == null ? null : (o.restoredAt - o.startedAt) / 60_000.0);
        m.put("region_code", o.regionCode);
        m.put("region_name", region.name());
        m.put("city_code", region.cityCode());
        m.put("city_name", region.cityName());
        m.put("province_code", region.provinceCode());
        m.put("feeder_id", o.feederId);
        m.put("station_area_id", o.stationAreaId);
        m.put("customers_affected", o.customersAffected);
        m.put("notified_in_advance", o.notifiedInAdvance);
        m.put("cause", o.cause);
        if (region.lat() != null && region.lon() != null) {
            m.put("location", Map.of("lat", region.lat(), "lon", region.lon()));
        }
        return m;
    }

    /** The hotspot-alerts document: the SPEC fields plus parents, point and helpers for dashboards. */
    public Map<String, Object> alert(HotspotAlert a) {
        return alerts.toDocument(a);
    }

    /** The hotspot-deadletters document (also the JSON of the dead-letter topic); needs no region table. */
    public static Map<String, Object> deadLetter(DeadLetter d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", d.source);
        m.put("partition", d.partition);
        m.put("offset", d.offset);
        m.put("reason", d.reason);
        m.put("message", d.message);
        m.put("raw_base64", d.rawBase64);
        m.put("raw_bytes", d.rawBytes);
        m.put("raw_sha256", d.rawSha256);
        m.put("raw_truncated", d.rawTruncated);
        m.put("raw_preview", d.rawPreview(500));
        m.put("seen_at", Times.iso(d.seenAt));
        return m;
    }
}
