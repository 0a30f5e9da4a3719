package org.powerhotspots.io.es;

import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes {@link EsDocument}s to Elasticsearch with bulk requests (Flink Sink V2).
 *
 * <p>At least once: every checkpoint flushes the buffer, so a restored job only re-sends documents,
 * and with deterministic ids a re-sent document overwrites itself (exactly once in effect).
 * Documents Elasticsearch refuses for good go to {@value IndexSetup#DEADLETTERS} with reason ES_REJECTED, and to
 * the {@link DeadLetterOutlet} if there is one.
 */
public final class ElasticsearchSink implements Sink<EsDocument> {
    private static final long serialVersionUID = 1L;

    private final EsSinkSettings settings;
    /** Null: refused documents' dead letters go to Elasticsearch only. */
    private final DeadLetterOutlet outlet;

    public ElasticsearchSink(EsSinkSettings settings) {
        this(settings, null);
    }

    /** Also sends the dead letters of refused documents to {@code outlet} (the dead-letter topic, a file). */
    public ElasticsearchSink(EsSinkSettings settings, DeadLetterOutlet outlet) {
        this.settings = settings;
        this.outlet = outlet;
    }

    public EsSinkSettings settings() {
        return settings;
    }

    @Override
    public SinkWriter<EsDocument> createWriter(WriterInitContext context) throws IOException {
        return new ElasticsearchSinkWriter(settings, outlet, context);
    }
}
