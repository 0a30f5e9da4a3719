package org.powerhotspots.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.powerhotspots.records.Decoded;
import org.powerhotspots.schema.Complaint;
import org.powerhotspots.schema.codec.RecordCodec;

/** The event-time guard: nothing far ahead of the wall clock gets in, from JSON or from Avro. */
class RecordDecoderTest {
    private static final long NOW = Instant.parse("2026-12-01T08:00:00Z").toEpochMilli();
    private static final RecordDecoder.Origin ORIGIN = new RecordDecoder.Origin("test", 0, 1);
    private final RecordDecoder decoder = new RecordDecoder(3_600_000L, () -> NOW);

    private static String complaint(String receivedAt) {
        return "{\"complaint_id\":\"C1\",\"received_at\":\"" + receivedAt + "\",\"region_code\":\"610113\",\"text\":\"停电了\"}";
    }

    @Test
    void aComplaintFromTheYear2099IsAFutureEventTimeDeadLetterWithItsOriginalBytes() {
        String line = complaint("2099-03-01T08:15:00+08:00");
        Decoded d = decoder.complaintFromJson(line, ORIGIN);
        assertTrue(d.isDead());
        assertEquals(RecordDecoder.FUTURE_EVENT_TIME, d.deadLetter.reason);
        assertTrue(d.deadLetter.message.contains("2099"), d.deadLetter.message);
        assertEquals(line, new String(java.util.Base64.getDecoder().decode(d.deadLetter.rawBase64),
                java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aComplaintWithinTheBoundAheadOfTheClockIsAccepted() {
        assertFalse(decoder.complaintFromJson(complaint("2026-12-01T08:59:00Z"), ORIGIN).isDead());
        assertTrue(decoder.complaintFromJson(complaint("2026-12-01T09:01:00Z"), ORIGIN).isDead());
    }

    @Test
    void anOutageRestoredInTheFutureIsADeadLetterAndOneRestoredBeforeItStartedToo() {
        String future = "{\"outage_id\":\"O1\",\"started_at\":\"2026-12-01T07:00:00Z\",\"restored_at\":\"2027-01-01T00:00:00Z\","
                + "\"region_code\":\"610113\"}";
        assertEquals(RecordDecoder.FUTURE_EVENT_TIME, decoder.outageFromJson(future, ORIGIN).deadLetter.reason);
        String backwards = "{\"outage_id\":\"O2\",\"started_at\":\"2026-12-01T07:00:00Z\",\"restored_at\":\"2026-12-01T06:00:00Z\","
                + "\"region_code\":\"610113\"}";
        assertTrue(decoder.outageFromJson(backwards, ORIGIN).isDead());
    }

    @Test
    void anAvroComplaintFromTheFutureIsADeadLetterToo() {
        byte[] bytes = RecordCodec.complaints().encode(Complaint.newBuilder().setComplaintId("C2")
                .setReceivedAt(Instant.parse("2099-01-01T00:00:00Z")).setRegionCode("610113").setText("电压低").build());
        Decoded d = decoder.complaintFromAvro(bytes, ORIGIN);
        assertEquals(RecordDecoder.FUTURE_EVENT_TIME, d.deadLetter.reason);
    }

    @Test
    void aLineThatIsNotValidUtf8IsADeadLetterWithItsOriginalBytes() {
        byte[] line = complaint("2026-12-01T07:00:00Z").replace("停电了", "XX").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int at = new String(line, java.nio.charset.StandardCharsets.UTF_8).indexOf("XX");
        line[at] = (byte) 0xC3; // a lead byte followed by 'X': malformed
        Decoded d = decoder.complaintFromJsonBytes(line, ORIGIN);
        assertEquals(RecordDecoder.INVALID_UTF8, d.deadLetter.reason);
        assertEquals(java.util.Base64.getEncoder().encodeToString(line), d.deadLetter.rawBase64);
        assertFalse(decoder.complaintFromJsonBytes(complaint("2026-12-01T07:00:00Z")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), ORIGIN).isDead());
    }

    @Test
    void anOversizedRecordIsADeadLetterThatKeepsItsFirstBytesAndTheHashOfAll() {
        String text = "很长".repeat(400_000); // 2.4 MB of UTF-8
        byte[] line = complaint("2026-12-01T07:00:00Z").replace("停电了", text).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Decoded d = decoder.complaintFromJsonBytes(line, ORIGIN);
        assertEquals(RecordDecoder.OVERSIZED, d.deadLetter.reason);
        assertTrue(d.deadLetter.rawTruncated);
        assertEquals(line.length, d.deadLetter.rawBytes);
        assertEquals(org.powerhotspots.records.DeadLetter.MAX_RAW_BYTES,
                java.util.Base64.getDecoder().decode(d.deadLetter.rawBase64).length);
        assertEquals(org.powerhotspots.records.Hashes.sha256Hex(line), d.deadLetter.rawSha256);
        // Small enough for Kafka's default 1 MiB request with room for the rest of the dead letter.
        assertTrue(d.deadLetter.rawBase64.length() + d.deadLetter.message.length() < 500_000);
    }
}
