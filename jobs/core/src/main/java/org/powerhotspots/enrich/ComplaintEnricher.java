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
    /**
     * Characters of a complaint's text that are analysed (segmentation, topics, keywords): real complaints are a
     * few hundred characters; a pasted document must not cost seconds or break the analyzer. The whole text, up
     * to a larger cap, is still indexed (ElasticsearchDocuments.INDEXED_TEXT_CAP).
     */
    public static final int ANALYSED_TEXT_CAP = 2_000;
    /** The text analysis an enricher runs (the analyzer; a test may give one that fails). */
    public interface Analysis extends Serializable {
        ComplaintAnalysis analyze(String text, String categoryCode);
    }

    private final Analysis analyzer;
    private final Regions regions;

    public ComplaintEnricher(ComplaintAnalyzer analyzer, Regions regions) {
        this(analyzer::analyze, regions);
    }

    public ComplaintEnricher(Analysis analyzer, Regions regions) {
        this.analyzer = analyzer;
        this.regions = regions;
    }

    public static ComplaintEnricher createDefault() {
        return new ComplaintEnricher(ComplaintAnalyzer.createDefault(), Regions.bundled());
    }

    public EnrichedComplaint enrich(ComplaintEvent c) {
        String text = c.text.length() > ANALYSED_TEXT_CAP ? c.text.substring(0, ANALYSED_TEXT_CAP) : c.text;
        ComplaintAnalysis analysis = analyzer.analyze(text, c.categoryCode);
        EnrichedComplaint e = withRegion(c);
        e.normalizedText = analysis.normalized();
        e.tokens.addAll(analysis.tokens());
        e.keywords.addAll(analysis.keywords());
        e.themeTerms.addAll(analysis.themeTerms());
        for (TopicScore t : analysis.topics()) {
            e.topics.add(t.topic().name());
        }
        e.topicConfidence = analysis.topics().isEmpty() ? 0 : analysis.topics().get(0).confidence();
        analysis.enquiries().forEach(t -> e.enquiryTopics.add(t.name()));
        return e;
    }

    /**
     * A complaint the analyzer failed on: region only, topic OTHER, and the error, so it is still indexed for
     * analysts (and dead-lettered with the reason) but takes no part in detection.
     */
    public EnrichedComplaint unanalysed(ComplaintEvent c, String error) {
        EnrichedComplaint e = withRegion(c);
        e.topics.add(org.powerhotspots.domain.Topic.OTHER.name());
        e.analysisError = error;
        return e;
    }

    private EnrichedComplaint withRegion(ComplaintEvent c) {
        EnrichedComplaint e = new EnrichedComplaint();
        e.complaint = c;
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
