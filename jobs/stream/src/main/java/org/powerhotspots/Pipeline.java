package org.powerhotspots;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.powerhotspots.config.HotspotConfig;
import org.powerhotspots.detect.ComplaintSignal;
import org.powerhotspots.detect.DetectionConfig;
import org.powerhotspots.detect.HotspotAlert;
import org.powerhotspots.detect.OutageSignal;
import org.powerhotspots.detect.flink.HotspotDetectors;
import org.powerhotspots.functions.CountAlerts;
import org.powerhotspots.functions.EnrichComplaints;
import org.powerhotspots.functions.KeepRestoredAt;
import org.powerhotspots.functions.LateToDeadLetter;
import org.powerhotspots.functions.SplitDeadLetters;
import org.powerhotspots.documents.ElasticsearchDocuments;
import org.powerhotspots.records.DeadLetter;
import org.powerhotspots.io.es.EsDocument;
import org.powerhotspots.io.es.IndexSetup;
import org.powerhotspots.records.ComplaintEvent;
import org.powerhotspots.records.Decoded;
import org.powerhotspots.records.EnrichedComplaint;
import org.powerhotspots.records.OutageEvent;
import org.powerhotspots.region.Regions;

/**
 * The topology, with its sources and sinks passed in: decode → enrich → detect → alerts, documents
 * and dead letters. The streaming job, the backfill and the tests all build it here.
 */
public final class Pipeline {

    /** The two inputs: each yields decoded records or dead letters, with event-time watermarks assigned here. */
    public record Inputs(Source<Decoded, ?, ?> complaints, Source<Decoded, ?, ?> outages,
            WatermarkStrategy<Decoded> watermarks) {}

    /** Where results go; any sink may be absent. Several alert sinks may be given (Kafka, a file, a test). */
    public static final class Outputs {
        final List<Sink<HotspotAlert>> alerts = new ArrayList<>();
        Sink<EsDocument> documents;
        final List<Sink<DeadLetter>> deadLetters = new ArrayList<>();
        boolean complaintDocuments = true;

        public Outputs alertsTo(Sink<HotspotAlert> sink) {
            alerts.add(sink);
            return this;
        }

        /** Elasticsearch: alerts, enriched complaints, outages and dead letters as documents. */
        public Outputs documentsTo(Sink<EsDocument> sink) {
            documents = sink;
            return this;
        }

        public Outputs deadLettersTo(Sink<DeadLetter> sink) {
            deadLetters.add(sink);
            return this;
        }

        /** Whether enriched complaints and outages are written as documents (the analysts' drill-down). */
        public Outputs withComplaintDocuments(boolean write) {
            complaintDocuments = write;
            return this;
        }
    }

    private final DetectionConfig detection;
    private final Inputs inputs;
    private final Outputs outputs;
    private final long evaluateUntil;
    private long rangeFrom = Long.MIN_VALUE;
    private long rangeTo = Long.MAX_VALUE;
    private String topicModel = org.powerhotspots.text.ComplaintAnalyzer.BUNDLED_MODEL;

    /**
     * @param evaluateUntil the last event time the detectors evaluate (a backfill's end); Long.MAX_VALUE when streaming
     */
    public Pipeline(DetectionConfig detection, Inputs inputs, Outputs outputs, long evaluateUntil) {
        this.detection = detection;
        this.inputs = inputs;
        this.outputs = outputs;
        this.evaluateUntil = evaluateUntil;
    }

    public Pipeline(HotspotConfig config, Inputs inputs, Outputs outputs) {
        this(config.detection(), inputs, outputs, Long.MAX_VALUE);
        withTopicModel(config.string("text.topic-model"));
    }

    /** The topic model the text analysis uses (setting text.topic-model: bundled, none or a model file). */
    public Pipeline withTopicModel(String model) {
        // load it here, so a missing or broken model fails the submission, not every task at start
        org.powerhotspots.text.ComplaintAnalyzer.withModel(model);
        topicModel = model;
        return this;
    }

    /** Only records with event time in [from, to) are detected and written (a backfill's period). */
    public Pipeline withEventTimeRange(long from, long to) {
        rangeFrom = from;
        rangeTo = to;
        return this;
    }

    /**
     * {@code pipeline.generic-types: false}: a record type Flink cannot serialize by its own typed serializers fails
     * the job at submission instead of falling back to Kryo, whose state cannot evolve (and which Flink itself has
     * broken across versions). Every job, backfill and test that builds this pipeline runs with it.
     */
    public static Configuration withoutGenericTypes() {
        Configuration c = new Configuration();
        c.set(PipelineOptions.GENERIC_TYPES, false);
        return c;
    }

    /** The pipeline's result streams, for callers that collect them (backfill, tests). */
    public record Streams(DataStream<HotspotAlert> alerts, DataStream<DeadLetter> deadLetters) {}

    /** Adds the topology to {@code env}; returns the alert and dead-letter streams. */
    public Streams build(StreamExecutionEnvironment env) {
        env.configure(withoutGenericTypes());
        SingleOutputStreamOperator<ComplaintEvent> complaints = env
                .fromSource(inputs.complaints(), inputs.watermarks(), "complaints source")
                .uid("source-complaints")
                .process(new SplitDeadLetters<ComplaintEvent>("complaints", d -> d.complaint, rangeFrom, rangeTo))
                .returns(TypeInformation.of(ComplaintEvent.class))
                .uid("split-complaints").name("decode complaints");
        SingleOutputStreamOperator<OutageEvent> outages = env
                .fromSource(inputs.outages(), inputs.watermarks(), "outages source")
                .uid("source-outages")
                .process(new SplitDeadLetters<OutageEvent>("outages", d -> d.outage, rangeFrom, rangeTo))
                .returns(TypeInformation.of(OutageEvent.class))
                .uid("split-outages").name("decode outages");

        // Text analysis is the costliest step: spread it over every slot, whatever the source's split count.
        SingleOutputStreamOperator<EnrichedComplaint> enriched = complaints
                .rebalance()
                .process(new EnrichComplaints(topicModel)).returns(TypeInformation.of(EnrichedComplaint.class))
                .uid("enrich-complaints").name("enrich complaints");
        DataStream<ComplaintSignal> complaintSignals = enriched
                .filter(c -> c.analysisError == null) // dead-lettered as ANALYZER_ERROR: indexed, not detected
                .uid("analysed-complaints").name("analysed complaints")
                .map(EnrichedComplaint::toSignal).returns(TypeInformation.of(ComplaintSignal.class))
                .uid("complaint-signals").name("complaint signals");
        DataStream<OutageSignal> outageSignals = outages
                .map(OutageEvent::toSignal).returns(TypeInformation.of(OutageSignal.class))
                .uid("outage-signals").name("outage signals");

        HotspotDetectors.Streams detected = HotspotDetectors.wire(complaintSignals, outageSignals, detection, evaluateUntil);
        // One alert id always goes to the same sink writer, so OPEN → UPDATED → RESOLVED stay in order.
        // Each emission carries its own event time (window end), so the lifecycle order of one alert survives
        // the key-and-time sort of BATCH mode: OPEN, then UPDATED, then RESOLVED, never the other way round.
        DataStream<HotspotAlert> alerts = detected.alerts()
                .assignTimestampsAndWatermarks(WatermarkStrategy.<HotspotAlert>noWatermarks()
                        .withTimestampAssigner((a, previous) -> a.windowEnd()))
                .uid("alert-event-time").name("alert event time")
                .keyBy(HotspotAlert::alertId)
                .map(new CountAlerts()).returns(TypeInformation.of(HotspotAlert.class))
                .uid("count-alerts").name("count alerts");

        DataStream<DeadLetter> deadLetters = complaints.getSideOutput(SplitDeadLetters.DEAD_LETTERS)
                .union(outages.getSideOutput(SplitDeadLetters.DEAD_LETTERS),
                        enriched.getSideOutput(EnrichComplaints.DEAD_LETTERS),
                        detected.lateComplaints()
                                .map(new LateToDeadLetter<ComplaintSignal>("complaints", lateComplaint()))
                                .returns(TypeInformation.of(DeadLetter.class))
                                .uid("late-complaints").name("late complaints"),
                        detected.lateOutages()
                                .map(new LateToDeadLetter<OutageSignal>("outages", lateOutage()))
                                .returns(TypeInformation.of(DeadLetter.class))
                                .uid("late-outages").name("late outages"));

        for (int i = 0; i < outputs.alerts.size(); i++) {
            alerts.sinkTo(outputs.alerts.get(i)).uid("sink-alerts-" + i).name("alerts sink " + i);
        }
        for (int i = 0; i < outputs.deadLetters.size(); i++) {
            deadLetters.sinkTo(outputs.deadLetters.get(i)).uid("sink-deadletters-" + i).name("dead letters sink " + i);
        }
        if (outputs.documents != null) {
            DataStream<EsDocument> documents = alerts
                    .map(new ToDocument<HotspotAlert>((docs, a) -> new EsDocument(IndexSetup.ALERTS, a.alertId(), docs.alert(a))))
                    .returns(TypeInformation.of(EsDocument.class))
                    .uid("alert-documents").name("alert documents")
                    .union(deadLetters
                            .map(new ToDocument<DeadLetter>((docs, d) -> new EsDocument(IndexSetup.DEADLETTERS,
                                    d.documentId(), ElasticsearchDocuments.deadLetter(d))))
                            .returns(TypeInformation.of(EsDocument.class))
                            .uid("deadletter-documents").name("dead-letter documents"));
            if (outputs.complaintDocuments) {
                documents = documents.union(
                        enriched.map(new ToDocument<EnrichedComplaint>((docs, c) -> new EsDocument(IndexSetup.COMPLAINTS,
                                        c.complaint.complaintId, ElasticsearchDocuments.complaint(c))))
                                .returns(TypeInformation.of(EsDocument.class))
                                .uid("complaint-documents").name("complaint documents"),
                        // Start and restore messages in either order: the document keeps restored_at.
                        outages.keyBy(o -> o.outageId)
                                .process(new KeepRestoredAt()).returns(TypeInformation.of(OutageEvent.class))
                                .uid("outage-restored-at").name("outage restored_at")
                                .map(new ToDocument<OutageEvent>((docs, o) -> new EsDocument(IndexSetup.OUTAGES,
                                        o.outageId, docs.outage(o))))
                                .returns(TypeInformation.of(EsDocument.class))
                                .uid("outage-documents").name("outage documents"));
            }
            documents.keyBy(EsDocument::id)
                    .sinkTo(outputs.documents).uid("sink-elasticsearch").name("Elasticsearch sink");
        }
        return new Streams(alerts, deadLetters);
    }

    private static LateToDeadLetter.Describe<ComplaintSignal> lateComplaint() {
        return new LateToDeadLetter.Describe<>() {
            @Override
            public String id(ComplaintSignal c) {
                return c.complaintId();
            }

            @Override
            public long eventTime(ComplaintSignal c) {
                return c.receivedAt();
            }
        };
    }

    private static LateToDeadLetter.Describe<OutageSignal> lateOutage() {
        return new LateToDeadLetter.Describe<>() {
            @Override
            public String id(OutageSignal o) {
                return o.outageId();
            }

            @Override
            public long eventTime(OutageSignal o) {
                return o.eventTime();
            }
        };
    }

    /** A record → its Elasticsearch document, mapped by {@link ElasticsearchDocuments} (region table loaded once per task). */
    static final class ToDocument<T> extends org.apache.flink.api.common.functions.RichMapFunction<T, EsDocument> {
        private static final long serialVersionUID = 1L;

        /** Which document a record becomes. */
        interface Mapping<T> extends java.io.Serializable {
            EsDocument map(ElasticsearchDocuments documents, T record);
        }

        private final Mapping<T> mapping;
        private transient ElasticsearchDocuments documents;

        ToDocument(Mapping<T> mapping) {
            this.mapping = mapping;
        }

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
            documents = new ElasticsearchDocuments(Regions.bundled());
        }

        @Override
        public EsDocument map(T record) {
            return mapping.map(documents, record);
        }
    }
}
