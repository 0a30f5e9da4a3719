package org.powerhotspots.enrich;

import java.io.Serializable;
import org.powerhotspots.records.ComplaintEvent;
import org.powerhotspots.records.EnrichedComplaint;
import org.powerhotspots.region.Region;
import org.powerhotspots.region.Regions;
import org.powerhotspots.text.ComplaintAnalysis;
import org.powerhotspots.text.ComplaintAnalyzer;
import org.powerhotspots.text.TopicScore;

/** complaint → enriched complaint: text analysis (tokens, topics, keywords) and region. Plain Java. */
public final class ComplaintEnricher implements Serializable {
    private static final long serialVersionUID = 1L;
    private final ComplaintAnalyzer analyzer;
    private final Regions regions;

    public ComplaintEnricher(ComplaintAnalyzer analyzer, Regions regions) {
        this.analyzer = analyzer;
        this.regions = regions;
    }

    public static ComplaintEnricher createDefault() {
        return new ComplaintEnricher(ComplaintAnalyzer.createDefault(), Regions.bundled());
    }

    public EnrichedComplaint enrich(ComplaintEvent c) {
        ComplaintAnalysis analysis = analyzer.analyze(c.text, c.categoryCode);
        EnrichedComplaint e = new EnrichedComplaint();
        e.complaint = c;
        e.normalizedText = analysis.normalized();
        e.tokens.addAll(analysis.tokens());
        e.keywords.addAll(analysis.keywords());
        for (TopicScore t : analysis.topics()) {
            e.topics.add(t.topic().name());
        }
        e.topicConfidence = analysis.topics().isEmpty() ? 0 : analysis.topics().get(0).confidence();
        Region r = regions.lookup(c.regionCode);
        e.regionName = r.name();
        e.cityCode = r.cityCode();
        e.cityName = r.cityName();
        e.provinceCode = r.provinceCode();
        e.provinceName = r.provinceName();
        e.lat = r.lat();
        e.lon = r.lon();
        return e;
    }
}
