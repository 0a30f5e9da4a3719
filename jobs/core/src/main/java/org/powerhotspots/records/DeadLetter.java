package org.powerhotspots.records;

import org.powerhotspots.domain.Times;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A record that could not be used, with why, where it came from and its raw bytes (a Flink POJO). */
public class DeadLetter {
    /** Kafka topic or file path. */
    public String source;
    /** Kafka partition; -1 for files. */
    public int partition = -1;
    /** Kafka offset, or line number in a file. */
    public long offset = -1;
    /** A machine-readable reason, e.g. BAD_JSON, MISSING_FIELD, UNKNOWN_SCHEMA, LATE. */
    public String reason;
    /** What is wrong, naming the field. */
    public String message;
    public String rawBase64;
    /** When it was dead-lettered (epoch millis, processing time). */
    public long seenAt;

    public DeadLetter() {}

    public static DeadLetter of(String source, int partition, long offset, String reason, String message, byte[] raw) {
        DeadLetter d = new DeadLetter();
        d.source = source;
        d.partition = partition;
        d.offset = offset;
        d.reason = reason;
        d.message = message;
        d.rawBase64 = raw == null ? "" : Base64.getEncoder().encodeToString(raw);
        d.seenAt = System.currentTimeMillis();
        return d;
    }

    /** The raw bytes as text, cut to {@code max} characters (for previews). */
    public String rawPreview(int max) {
        String s = new String(Base64.getDecoder().decode(rawBase64 == null ? "" : rawBase64), StandardCharsets.UTF_8);
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** A stable document id: the same bad record read twice is one dead letter. */
    public String documentId() {
        return Hashes.sha1Hex(source + "|" + partition + "|" + offset + "|" + rawBase64 + "|" + reason);
    }


    @Override
    public String toString() {
        return "DeadLetter[" + reason + " " + source + ":" + partition + ":" + offset + " " + message + "]";
    }
}
