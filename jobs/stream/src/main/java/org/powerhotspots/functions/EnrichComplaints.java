package org.powerhotspots.functions;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.powerhotspots.enrich.ComplaintEnricher;
import org.powerhotspots.records.ComplaintEvent;
import org.powerhotspots.records.EnrichedComplaint;

/** Text analysis and region for each complaint; the analyzer loads once per JVM in open(). */
public final class EnrichComplaints extends RichMapFunction<ComplaintEvent, EnrichedComplaint> {
    private static final long serialVersionUID = 1L;
    private transient ComplaintEnricher enricher;

    @Override
    public void open(OpenContext openContext) {
        enricher = ComplaintEnricher.createDefault();
    }

    @Override
    public EnrichedComplaint map(ComplaintEvent value) {
        return enricher.enrich(value);
    }
}
