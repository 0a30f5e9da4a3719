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
    /** The raw bytes, base64; only the first {@link #MAX_RAW_BYTES} when the record was larger. */
    public String rawBase64;
    /** Size of the whole raw record in bytes. */
    public long rawBytes;
    /** SHA-256 of the whole raw record (hex), so a truncated one can still be matched with its source. */
    public String rawSha256;
    /** True when rawBase64 holds only the first {@link #MAX_RAW_BYTES} bytes. */
    public boolean rawTruncated;
    /** When it was dead-lettered (epoch millis, processing time). */
    public long seenAt;

    /**
     * Raw bytes kept in a dead letter: 256 KiB, 342 KiB as base64, so that a dead letter with its message
     * stays well below Kafka's default 1 MiB request size (a larger one would fail the dead-letter sink).
     */
    public static final int MAX_RAW_BYTES = 256 * 1024;

    public DeadLetter() {}

    public static DeadLetter of(String source, int partition, long offset, String reason, String message, byte[] raw) {
        DeadLetter d = new DeadLetter();
        d.source = source;
        d.partition = partition;
        d.offset = offset;
        d.reason = reason;
        d.message = message;
        byte[] bytes = raw == null ? new byte[0] : raw;
        d.rawBytes = bytes.length;
        d.rawSha256 = Hashes.sha256Hex(bytes);
        d.rawTruncated = bytes.length > MAX_RAW_BYTES;
        d.rawBase64 = Base64.getEncoder().encodeToString(
                d.rawTruncated ? java.util.Arrays.copyOf(bytes, MAX_RAW_BYTES) : bytes);
        if (d.message != null && d.message.length() > 2_000) {
            d.message = d.message.substring(0, 2_000) + " …";
        }
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
        // A truncated record is told apart by the hash of all its bytes (ids of whole ones stay as they were).
        return Hashes.sha1Hex(source + "|" + partition + "|" + offset + "|" + rawBase64 + "|" + reason
                + (rawTruncated ? "|" + rawSha256 : ""));
    }


    @Override
    public String toString() {
        return "DeadLetter[" + reason + " " + source + ":" + partition + ":" + offset + " " + message + "]";
    }
}
