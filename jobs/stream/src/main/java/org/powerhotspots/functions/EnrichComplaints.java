package org.powerhotspots.functions;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.powerhotspots.domain.Times;
import org.powerhotspots.enrich.ComplaintEnricher;
import org.powerhotspots.records.ComplaintEvent;
import org.powerhotspots.records.DeadLetter;
import org.powerhotspots.records.EnrichedComplaint;
import org.powerhotspots.region.Regions;
import org.powerhotspots.text.ComplaintAnalyzer;

/**
 * Text analysis and region for each complaint; the analyzer loads once per JVM in open(). An analyzer error is
 * a poison record, not a reason to fail the task (the replay would hit it again): the complaint is still
 * indexed without topics and goes to the dead letters as ANALYZER_ERROR.
 */
public final class EnrichComplaints extends ProcessFunction<ComplaintEvent, EnrichedComplaint> {
    private static final long serialVersionUID = 2L;
    public static final String ANALYZER_ERROR = "ANALYZER_ERROR";
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("analyzer-errors", TypeInformation.of(DeadLetter.class));
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private transient ComplaintEnricher enricher;
    /** Setting text.topic-model: bundled, none or a model file. */
    private final String topicModel;

    public EnrichComplaints() {
        this(ComplaintAnalyzer.BUNDLED_MODEL);
    }

    public EnrichComplaints(String topicModel) {
        this.topicModel = topicModel;
    }

    /** With a given enricher (tests). */
    EnrichComplaints(ComplaintEnricher enricher) {
        this.topicModel = ComplaintAnalyzer.BUNDLED_MODEL;
        this.enricher = enricher;
    }

    @Override
    public void open(OpenContext openContext) {
        if (enricher == null) {
            enricher = new ComplaintEnricher(ComplaintAnalyzer.withModel(topicModel), Regions.bundled());
        }
    }

    @Override
    public void processElement(ComplaintEvent complaint, Context ctx, Collector<EnrichedComplaint> out) throws Exception {
        EnrichedComplaint enriched;
        try {
            enriched = enricher.enrich(complaint);
        } catch (RuntimeException | StackOverflowError e) {
            String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            enriched = enricher.unanalysed(complaint, why);
            ctx.output(DEAD_LETTERS, DeadLetter.of("complaints", -1, -1, ANALYZER_ERROR,
                    "complaint " + complaint.complaintId + ": the text analyzer failed (" + why + "); indexed without topics",
                    asJson(complaint)));
        }
        out.collect(enriched);
    }

    /** The complaint in the contract's JSON fields: the record as it was read (its bytes are not kept this far). */
    static byte[] asJson(ComplaintEvent c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("complaint_id", c.complaintId);
        m.put("received_at", Times.iso(c.receivedAt));
        m.put("channel", c.channel);
        m.put("region_code", c.regionCode);
        m.put("station_area_id", c.stationAreaId);
        m.put("feeder_id", c.feederId);
        m.put("customer_id", c.customerId);
        m.put("category_code", c.categoryCode);
        m.put("text", c.text);
        try {
            return JSON.writeValueAsBytes(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(c.complaintId).getBytes(StandardCharsets.UTF_8);
        }
    }
}
