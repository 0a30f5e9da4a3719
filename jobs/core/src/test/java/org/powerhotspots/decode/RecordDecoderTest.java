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
}
