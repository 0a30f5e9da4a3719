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
 * Documents Elasticsearch refuses for good go to {@value IndexSetup#DEADLETTERS} with reason ES_REJECTED.
 */
public final class ElasticsearchSink implements Sink<EsDocument> {
    private static final long serialVersionUID = 1L;

    private final EsSinkSettings settings;

    public ElasticsearchSink(EsSinkSettings settings) {
        this.settings = settings;
    }

    public EsSinkSettings settings() {
        return settings;
    }

    @Override
    public SinkWriter<EsDocument> createWriter(WriterInitContext context) throws IOException {
        return new ElasticsearchSinkWriter(settings, context);
    }
}
