package org.powerhotspots.io.es;

import java.io.Serializable;
import org.powerhotspots.records.DeadLetter;

/**
 * Where the Elasticsearch sink also sends the dead letters it makes of documents Elasticsearch refuses for good
 * (ES_REJECTED): the Kafka dead-letter topic when streaming, a file in a backfill. Elasticsearch may refuse the
 * dead-letter document too; the outlet still has it, so nothing is lost. Flushed on every checkpoint, after the
 * bulk flush that made the letters (at least once).
 */
public interface DeadLetterOutlet extends Serializable {

    /** Opened by each sink writer (subtask). */
    Writer open(int subtask) throws Exception;

    interface Writer extends AutoCloseable {
        void write(DeadLetter letter) throws Exception;

        /** Returns once everything written is stored. */
        void flush() throws Exception;
    }
}
