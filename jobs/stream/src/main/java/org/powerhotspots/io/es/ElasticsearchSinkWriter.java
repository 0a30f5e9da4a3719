package org.powerhotspots.io.es;

import java.io.IOException;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.elasticsearch.client.RestClient;
import org.powerhotspots.elasticsearch.ElasticsearchClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Flink shell around {@link BulkIndexer}: flush timer, checkpoint flushes and metrics. */
final class ElasticsearchSinkWriter implements SinkWriter<EsDocument> {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSinkWriter.class);
    private static final long LOG_EVERY_MS = 60_000;

    private final EsSinkSettings settings;
    private final RestClient client;
    private final BulkIndexer indexer;
    private final ProcessingTimeService time;
    private final int subtask;
    /** Null without an outlet. */
    private final DeadLetterOutlet.Writer outlet;
    private boolean timerPending;
    private long lastLog;

    ElasticsearchSinkWriter(EsSinkSettings settings, DeadLetterOutlet outlet, WriterInitContext context)
            throws IOException {
        this.settings = settings;
        this.subtask = context.getTaskInfo().getIndexOfThisSubtask();
        try {
            this.outlet = outlet == null ? null : outlet.open(context.getTaskInfo().getIndexOfThisSubtask());
        } catch (Exception e) {
            throw new IOException("cannot open the dead-letter outlet", e);
        }
        this.time = context.getProcessingTimeService();
        this.client = ElasticsearchClients.restClient(settings.connection());
        try {
            if (settings.setupIndices()) {
                new IndexSetup(client, settings.aliasPrefix(), null).run();
            }
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
        SinkWriterMetricGroup metrics = context.metricGroup();
        Counter written = metrics.counter("esDocumentsWritten");
        Counter retried = metrics.counter("esDocumentsRetried");
        Counter rejected = metrics.counter("esDocumentsRejected");
        Counter send = metrics.getNumRecordsSendCounter();
        Counter sendErrors = metrics.getNumRecordsSendErrorsCounter();
        BulkIndexer.Listener listener = new BulkIndexer.Listener() {
            @Override
            public void written(int documents) {
                written.inc(documents);
                send.inc(documents);
            }

            @Override
            public void retried(int documents) {
                retried.inc(documents);
            }

            @Override
            public void rejected(int documents) {
                rejected.inc(documents);
                sendErrors.inc(documents);
            }

            @Override
            public void deadLettered(org.powerhotspots.records.DeadLetter letter) {
                if (ElasticsearchSinkWriter.this.outlet != null) {
                    try {
                        ElasticsearchSinkWriter.this.outlet.write(letter);
                    } catch (Exception e) {
                        // Not stored anywhere yet: fail, and Flink replays from the last checkpoint.
                        throw new IllegalStateException("cannot send dead letter " + letter.documentId()
                                + " to the dead-letter outlet", e);
                    }
                }
            }

            @Override
            public boolean keepsDeadLetters() {
                return ElasticsearchSinkWriter.this.outlet != null;
            }
        };
        this.indexer = new BulkIndexer(new RestBulkTransport(client, false), settings.retryPolicy(),
                settings.maxActions(), settings.maxBytes(), settings.aliasPrefix(), Thread::sleep, listener);
        this.lastLog = time.getCurrentProcessingTime();
        LOG.info("Elasticsearch sink subtask {} writing to {} (bulk {} documents / {} bytes / {} ms, {} retries)",
                subtask, settings.connection(), settings.maxActions(), settings.maxBytes(), settings.flushIntervalMs(),
                settings.maxRetries());
    }

    @Override
    public void write(EsDocument document, Context context) throws IOException, InterruptedException {
        if (indexer.add(document)) {
            indexer.flush();
        } else if (!timerPending && indexer.buffered() > 0) {
            // The timer callback runs in the task's mailbox thread, like write() and flush(): no locking needed.
            timerPending = true;
            time.registerTimer(time.getCurrentProcessingTime() + settings.flushIntervalMs(), now -> {
                timerPending = false;
                indexer.flush();
                maybeLog(now, false);
            });
        }
    }

    /** Called on every checkpoint and at the end of input: nothing stays buffered across a checkpoint. */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        indexer.flush();
        flushOutlet();
        maybeLog(time.getCurrentProcessingTime(), endOfInput);
    }

    /** The dead letters this flush made are stored before the checkpoint completes. */
    private void flushOutlet() throws IOException {
        if (outlet != null) {
            try {
                outlet.flush();
            } catch (Exception e) {
                throw new IOException("cannot flush the dead-letter outlet", e);
            }
        }
    }

    private void maybeLog(long now, boolean force) {
        if (force || now - lastLog >= LOG_EVERY_MS) {
            lastLog = now;
            LOG.info("Elasticsearch sink subtask {}: {} documents written, {} retried, {} rejected to dead letters, "
                            + "{} dead letters lost", subtask, indexer.writtenTotal(), indexer.retriedTotal(),
                    indexer.rejectedTotal(), indexer.lostTotal());
        }
    }

    @Override
    public void close() throws Exception {
        // Whatever is still buffered here was not checkpointed: a restore replays it, so it is not flushed.
        if (indexer.buffered() > 0) {
            LOG.info("Elasticsearch sink subtask {} closing with {} unflushed documents (replayed on restore)",
                    subtask, indexer.buffered());
        }
        maybeLog(lastLog, true);
        client.close();
        if (outlet != null) {
            outlet.close();
        }
    }
}
