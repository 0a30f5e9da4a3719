package org.powerhotspots.sim;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes DIR/complaints.jsonl and DIR/outages.jsonl, one record per line, in arrival order. */
public final class JsonLinesSink implements SimulationSink {
    private final BufferedWriter complaints;
    private final BufferedWriter outages;

    public JsonLinesSink(Path dir) throws IOException {
        Files.createDirectories(dir);
        complaints = Files.newBufferedWriter(dir.resolve("complaints.jsonl"), StandardCharsets.UTF_8);
        outages = Files.newBufferedWriter(dir.resolve("outages.jsonl"), StandardCharsets.UTF_8);
    }

    @Override
    public void complaint(String jsonLine, long arrivalMillis) throws IOException {
        complaints.write(jsonLine);
        complaints.write('\n');
    }

    @Override
    public void outage(String jsonLine, long arrivalMillis) throws IOException {
        outages.write(jsonLine);
        outages.write('\n');
    }

    @Override
    public void close() throws IOException {
        try {
            complaints.close();
        } finally {
            outages.close();
        }
    }
}
