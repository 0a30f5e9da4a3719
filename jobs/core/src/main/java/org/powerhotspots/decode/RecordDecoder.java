package org.powerhotspots.decode;

import org.powerhotspots.domain.Times;

import org.powerhotspots.records.DeadLetter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.powerhotspots.domain.RegionCode;
import org.powerhotspots.records.ComplaintEvent;
import org.powerhotspots.records.Decoded;
import org.powerhotspots.records.OutageEvent;
import org.powerhotspots.schema.Complaint;
import org.powerhotspots.schema.Outage;
import org.powerhotspots.schema.codec.DecodeException;
import org.powerhotspots.schema.codec.RecordCodec;

/**
 * Turns Kafka messages (Avro single-object) and file lines (JSON) into validated events, or into
 * dead letters that say what is wrong. Never throws for bad input: the job keeps running.
 */
public final class RecordDecoder implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Set<String> CHANNELS = Set.of("HOTLINE_95598", "APP", "WECHAT", "WEIBO", "WEB", "OTHER");
    /** Event times before 2000 or after 2100 are typos or unit mistakes (seconds for millis). */
    private static final long MIN_TIME = 946_684_800_000L;
    private static final long MAX_TIME = 4_102_444_800_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordCodec<Complaint> complaints = RecordCodec.complaints();
    private final RecordCodec<Outage> outages = RecordCodec.outages();
    /** job.max-future: an event time further ahead of the wall clock than this is a dead letter. */
    private final long maxFutureMillis;
    private final WallClock clock;

    /** The wall clock a record is judged by when it is read. */
    public interface WallClock extends Serializable {
        long now();
    }

    /** A clock bug, a time-zone error or a typo (year 2099) would otherwise raise a watermark for good. */
    public static final long DEFAULT_MAX_FUTURE_MILLIS = 3_600_000L;

    /** Decodes with job.max-future at its default (1 h) against the system clock. */
    public RecordDecoder() {
        this(DEFAULT_MAX_FUTURE_MILLIS, System::currentTimeMillis);
    }

    public RecordDecoder(long maxFutureMillis, WallClock clock) {
        this.maxFutureMillis = maxFutureMillis;
        this.clock = clock;
    }

    /** Where a record came from, for its dead letter. */
    public record Origin(String source, int partition, long offset) {}

    /** A record larger than this (Kafka's default message limit) is a dead letter: no complaint is that long. */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;
    public static final String OVERSIZED = "OVERSIZED";
    public static final String INVALID_UTF8 = "INVALID_UTF8";

    public Decoded complaintFromAvro(byte[] bytes, Origin origin) {
        if (bytes != null && bytes.length > MAX_RECORD_BYTES) {
            return oversized(bytes, origin);
        }
        Complaint c;
        try {
            c = complaints.decode(bytes);
        } catch (DecodeException e) {
            return dead(origin, e.reason().name(), e.getMessage(), bytes);
        }
        return complaintFromRecord(c, origin, bytes);
    }

    /** A complaint already read as Avro (a Kafka message or an object-container file record). */
    public Decoded complaintFromRecord(Complaint c, Origin origin, byte[] raw) {
        ComplaintEvent e = new ComplaintEvent();
        e.complaintId = c.getComplaintId();
        e.receivedAt = c.getReceivedAt() == null ? Long.MIN_VALUE : c.getReceivedAt().toEpochMilli();
        e.channel = c.getChannel() == null ? "OTHER" : c.getChannel().name();
        e.regionCode = c.getRegionCode();
        e.stationAreaId = blankToNull(c.getStationAreaId());
        e.feederId = blankToNull(c.getFeederId());
        e.customerId = blankToNull(c.getCustomerId());
        e.categoryCode = blankToNull(c.getCategoryCode());
        e.text = c.getText();
        // Avro decodes malformed UTF-8 into U+FFFD: the original bytes must not be lost behind a replacement.
        if (hasReplacement(e.text) || hasReplacement(e.complaintId) || hasReplacement(e.customerId)) {
            return dead(origin, INVALID_UTF8, "complaint " + e.complaintId + ": a text field is not valid UTF-8", raw);
        }
        return checked(e, origin, raw);
    }

    /** A JSON line as read from a file, as bytes: checked for size and UTF-8 before it is parsed. */
    public Decoded complaintFromJsonBytes(byte[] line, Origin origin) {
        return fromJsonBytes(line, origin, this::complaintFromJson);
    }

    /** The same for an outage line. */
    public Decoded outageFromJsonBytes(byte[] line, Origin origin) {
        return fromJsonBytes(line, origin, this::outageFromJson);
    }

    private Decoded fromJsonBytes(byte[] line, Origin origin, java.util.function.BiFunction<String, Origin, Decoded> parse) {
        if (line.length > MAX_RECORD_BYTES) {
            return oversized(line, origin); // before decoding megabytes of text
        }
        String text = utf8(line);
        return text == null ? dead(origin, INVALID_UTF8, "the line is not valid UTF-8", line) : parse.apply(text, origin);
    }

    /** The text of strictly valid UTF-8 bytes, or null. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    private static boolean hasReplacement(String s) {
        return s != null && s.indexOf('\uFFFD') >= 0;
    }

    private static Decoded oversized(byte[] raw, Origin origin) {
        return dead(origin, OVERSIZED, "the record is " + raw.length + " bytes, more than the " + MAX_RECORD_BYTES
                + " a complaint or outage may take; the dead letter keeps its first bytes and the hash of all", raw);
    }

    public Decoded outageFromAvro(byte[] bytes, Origin origin) {
        if (bytes != null && bytes.length > MAX_RECORD_BYTES) {
            return oversized(bytes, origin);
        }
        Outage o;
        try {
            o = outages.decode(bytes);
        } catch (DecodeException e) {
            return dead(origin, e.reason().name(), e.getMessage(), bytes);
        }
        return outageFromRecord(o, origin, bytes);
    }

    /** An outage already read as Avro. */
    public Decoded outageFromRecord(Outage o, Origin origin, byte[] raw) {
        OutageEvent e = new OutageEvent();
        e.outageId = o.getOutageId();
        e.kind = o.getKind() == null ? "UNPLANNED" : o.getKind().name();
        e.startedAt = o.getStartedAt() == null ? Long.MIN_VALUE : o.getStartedAt().toEpochMilli();
        e.restoredAt = o.getRestoredAt() == null ? null : o.getRestoredAt().toEpochMilli();
        e.regionCode = o.getRegionCode();
        e.feederId = blankToNull(o.getFeederId());
        e.stationAreaId = blankToNull(o.getStationAreaId());
        e.customersAffected = o.getCustomersAffected();
        e.notifiedInAdvance = o.getNotifiedInAdvance();
        e.cause = blankToNull(o.getCause());
        return checked(e, origin, raw);
    }

    public Decoded complaintFromJson(String line, Origin origin) {
        byte[] raw = line.getBytes(StandardCharsets.UTF_8);
        try {
            JsonNode n = parseObject(line);
            ComplaintEvent e = new ComplaintEvent();
            e.complaintId = requiredText(n, "complaint_id");
            e.receivedAt = requiredTime(n, "received_at");
            String channel = optionalText(n, "channel");
            e.channel = channel == null ? "OTHER" : channel.toUpperCase(Locale.ROOT);
            if (!CHANNELS.contains(e.channel)) {
                throw new Invalid("INVALID_VALUE", "channel '" + channel + "' is not one of " + CHANNELS);
            }
            e.regionCode = requiredText(n, "region_code");
            e.stationAreaId = optionalText(n, "station_area_id");
            e.feederId = optionalText(n, "feeder_id");
            e.customerId = optionalText(n, "customer_id");
            e.categoryCode = optionalText(n, "category_code");
            e.text = requiredText(n, "text");
            return checked(e, origin, raw);
        } catch (Invalid i) {
            return dead(origin, i.reason, i.getMessage(), raw);
        }
    }

    public Decoded outageFromJson(String line, Origin origin) {
        byte[] raw = line.getBytes(StandardCharsets.UTF_8);
        try {
            JsonNode n = parseObject(line);
            OutageEvent e = new OutageEvent();
            e.outageId = requiredText(n, "outage_id");
            String kind = optionalText(n, "kind");
            e.kind = kind == null ? "UNPLANNED" : kind.toUpperCase(Locale.ROOT);
            if (!e.kind.equals("UNPLANNED") && !e.kind.equals("PLANNED")) {
                throw new Invalid("INVALID_VALUE", "kind '" + kind + "' is not UNPLANNED or PLANNED");
            }
            e.startedAt = requiredTime(n, "started_at");
            e.restoredAt = n.hasNonNull("restored_at") ? time(n, "restored_at") : null;
            e.regionCode = requiredText(n, "region_code");
            e.feederId = optionalText(n, "feeder_id");
            e.stationAreaId = optionalText(n, "station_area_id");
            JsonNode affected = n.get("customers_affected");
            if (affected != null && !affected.isNull()) {
                if (!affected.canConvertToInt() || affected.isTextual()) {
                    throw new Invalid("INVALID_VALUE", "customers_affected '" + affected.asText() + "' is not an integer");
                }
                e.customersAffected = affected.intValue();
            }
            JsonNode notified = n.get("notified_in_advance");
            e.notifiedInAdvance = notified == null || notified.isNull() ? null : notified.asBoolean();
            e.cause = optionalText(n, "cause");
            return checked(e, origin, raw);
        } catch (Invalid i) {
            return dead(origin, i.reason, i.getMessage(), raw);
        }
    }

    private Decoded checked(ComplaintEvent e, Origin origin, byte[] raw) {
        String problem = null;
        if (e.complaintId == null || e.complaintId.isBlank()) {
            problem = "complaint_id is missing";
        } else if (e.receivedAt < MIN_TIME || e.receivedAt > MAX_TIME) {
            problem = "received_at " + e.receivedAt + " is not a plausible timestamp (epoch millis between 2000 and 2100)";
        } else if (!RegionCode.isValid(e.regionCode)) {
            problem = "region_code '" + e.regionCode + "' is not a 6-digit GB/T 2260 code";
        } else if (e.text == null || e.text.isBlank()) {
            problem = "text is empty";
        }
        if (problem == null && inTheFuture(e.receivedAt)) {
            return dead(origin, FUTURE_EVENT_TIME, "complaint " + e.complaintId + ": received_at "
                    + Times.iso(e.receivedAt) + " is more than " + maxFutureMillis / 60_000 + " min ahead of the clock ("
                    + Times.iso(clock.now()) + "); it would move the watermark past every later record", raw);
        }
        if (problem != null) {
            return dead(origin, problem.contains("missing") || problem.contains("empty") ? "MISSING_FIELD" : "INVALID_VALUE",
                    "complaint " + (e.complaintId == null ? "?" : e.complaintId) + ": " + problem, raw);
        }
        return Decoded.of(e);
    }

    private Decoded checked(OutageEvent e, Origin origin, byte[] raw) {
        String problem = null;
        if (e.outageId == null || e.outageId.isBlank()) {
            problem = "outage_id is missing";
        } else if (e.startedAt < MIN_TIME || e.startedAt > MAX_TIME) {
            problem = "started_at " + e.startedAt + " is not a plausible timestamp";
        } else if (e.restoredAt != null && e.restoredAt < e.startedAt) {
            problem = "restored_at is before started_at";
        } else if (!RegionCode.isValid(e.regionCode)) {
            problem = "region_code '" + e.regionCode + "' is not a 6-digit GB/T 2260 code";
        } else if (e.customersAffected < 0) {
            problem = "customers_affected is negative";
        }
        if (problem == null && (inTheFuture(e.startedAt) || (e.restoredAt != null && inTheFuture(e.restoredAt)))) {
            long t = inTheFuture(e.startedAt) ? e.startedAt : e.restoredAt;
            return dead(origin, FUTURE_EVENT_TIME, "outage " + e.outageId + ": " + (t == e.startedAt ? "started_at " : "restored_at ")
                    + Times.iso(t) + " is more than " + maxFutureMillis / 60_000 + " min ahead of the clock ("
                    + Times.iso(clock.now()) + ")", raw);
        }
        if (problem != null) {
            return dead(origin, problem.contains("missing") ? "MISSING_FIELD" : "INVALID_VALUE",
                    "outage " + (e.outageId == null ? "?" : e.outageId) + ": " + problem, raw);
        }
        return Decoded.of(e);
    }

    /** The dead-letter reason of a file that cannot be read to its end (a truncated or corrupt gzip stream). */
    public static final String CORRUPT_FILE = "CORRUPT_FILE";

    /** The dead letter that stands for what a corrupt file lost after {@code origin} (its last good line). */
    public Decoded corruptFile(Origin origin, String problem) {
        return dead(origin, CORRUPT_FILE, "the file cannot be read past line " + origin.offset() + " (" + problem
                + "); the records after it are lost from this backfill: repair or re-export the file and run again",
                new byte[0]);
    }

    /** The dead-letter reason of an event time too far ahead of the wall clock. */
    public static final String FUTURE_EVENT_TIME = "FUTURE_EVENT_TIME";

    private boolean inTheFuture(long eventTime) {
        return eventTime > clock.now() + maxFutureMillis;
    }

    private static Decoded dead(Origin origin, String reason, String message, byte[] raw) {
        return Decoded.dead(DeadLetter.of(origin.source(), origin.partition(), origin.offset(), reason, message, raw));
    }

    private static JsonNode parseObject(String line) throws Invalid {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (Exception e) {
            throw new Invalid("BAD_JSON", "not valid JSON: " + firstLine(e.getMessage()));
        }
        if (n == null || !n.isObject()) {
            throw new Invalid("BAD_JSON", "not a JSON object");
        }
        return n;
    }

    private static String requiredText(JsonNode n, String field) throws Invalid {
        String v = optionalText(n, field);
        if (v == null) {
            throw new Invalid("MISSING_FIELD", "required field " + field + " is missing or empty");
        }
        return v;
    }

    private static String optionalText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.asText();
        return s.isBlank() ? null : s;
    }

    private static long requiredTime(JsonNode n, String field) throws Invalid {
        if (!n.hasNonNull(field)) {
            throw new Invalid("MISSING_FIELD", "required field " + field + " is missing");
        }
        return time(n, field);
    }

    private static long time(JsonNode n, String field) throws Invalid {
        JsonNode v = n.get(field);
        try {
            return v.isNumber() ? v.longValue() : Times.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw new Invalid("INVALID_VALUE", field + ": " + e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A validation failure with its dead-letter reason. */
    private static final class Invalid extends Exception {
        final String reason;

        Invalid(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
