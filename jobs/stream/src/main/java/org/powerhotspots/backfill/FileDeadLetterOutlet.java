package org.powerhotspots.backfill;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.powerhotspots.io.es.DeadLetterOutlet;
import org.powerhotspots.records.DeadLetter;

/**
 * A backfill's outlet for the dead letters of documents Elasticsearch refused: JSON Lines in a file beside the
 * dead-letter file, so such a letter is kept even when Elasticsearch refuses it too. A backfill runs in one JVM;
 * the sink's subtasks append under one lock. Refusals are rare, so each line is written at once.
 */
final class FileDeadLetterOutlet implements DeadLetterOutlet {
    private static final long serialVersionUID = 1L;
    private static final Object LOCK = new Object();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String path;

    FileDeadLetterOutlet(Path path) {
        this.path = path.toAbsolutePath().toString();
    }

    @Override
    public Writer open(int subtask) {
        Path file = Path.of(path);
        return new Writer() {
            @Override
            public void write(DeadLetter letter) throws Exception {
                String line = JSON.writeValueAsString(Backfill.deadLetterLine(letter)) + "\n";
                synchronized (LOCK) {
                    Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
    }
}
