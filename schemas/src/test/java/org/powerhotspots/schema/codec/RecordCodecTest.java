package org.powerhotspots.schema.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import org.powerhotspots.schema.Channel;
import org.powerhotspots.schema.Complaint;

class RecordCodecTest {

    private static Complaint complaint() {
        return Complaint.newBuilder()
                .setComplaintId("GD20260301-0001")
                .setReceivedAt(Instant.parse("2026-03-01T00:15:00Z"))
                .setChannel(Channel.HOTLINE_95598)
                .setRegionCode("610113")
                .setCustomerId("C123")
                .setText("家里频繁停电")
                .build();
    }

    @Test
    void roundTripsAComplaintWithSingleObjectHeader() throws Exception {
        RecordCodec<Complaint> codec = RecordCodec.complaints();
        byte[] bytes = codec.encode(complaint());
        assertEquals((byte) 0xC3, bytes[0], "single-object marker");
        assertEquals((byte) 0x01, bytes[1], "single-object version");
        Complaint back = codec.decode(bytes);
        assertEquals(complaint(), back);
        assertNull(back.getFeederId());
    }

    @Test
    void ourRecordsDecodeWithoutTheSerializablePackagesProperty() throws Exception {
        // As in a Flink TaskManager that no script of ours started: no JVM flag, only the code's own trust.
        assertNull(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES"), "the tests run without it");
        assertEquals(complaint(), RecordCodec.complaints().decode(RecordCodec.complaints().encode(complaint())));
        // An object-container file, read by Avro's own specific reader (the backfill's .avro input).
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (org.apache.avro.file.DataFileWriter<Complaint> w = new org.apache.avro.file.DataFileWriter<>(
                new org.apache.avro.specific.SpecificDatumWriter<>(Complaint.class))) {
            w.create(Complaint.getClassSchema(), file);
            w.append(complaint());
        }
        try (org.apache.avro.file.DataFileStream<Complaint> r = new org.apache.avro.file.DataFileStream<>(
                new ByteArrayInputStream(file.toByteArray()), new org.apache.avro.specific.SpecificDatumReader<>(Complaint.class))) {
            assertEquals(complaint(), r.next());
        }
    }

    @Test
    void aLengthFieldClaimingAGigabyteIsACorruptRecordNotAnOutOfMemoryError() {
        RecordCodec<Complaint> codec = RecordCodec.complaints();
        byte[] good = codec.encode(complaint());
        byte[] bad = Arrays.copyOf(good, 10 + 5); // the header (marker, version, fingerprint), then complaint_id's length
        long zigzag = (1L << 30) << 1; // 1 GiB, zigzag-encoded
        int i = 10;
        while ((zigzag & ~0x7FL) != 0) {
            bad[i++] = (byte) ((zigzag & 0x7F) | 0x80);
            zigzag >>>= 7;
        }
        bad[i] = (byte) zigzag;
        DecodeException e = assertThrows(DecodeException.class, () -> codec.decode(bad));
        assertEquals(DecodeException.Reason.CORRUPT, e.reason());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("exceeds maximum"), e.getMessage());
    }

    @Test
    void unknownFingerprintIsReportedAsUnknownSchema() {
        Schema stranger = SchemaBuilder.record("Complaint").namespace("elsewhere").fields()
                .requiredString("x").endRecord();
        GenericRecord record = new GenericData.Record(stranger);
        record.put("x", "y");
        byte[] bytes = toBytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), stranger), record);
        DecodeException e = assertThrows(DecodeException.class, () -> RecordCodec.complaints().decode(bytes));
        assertEquals(DecodeException.Reason.UNKNOWN_SCHEMA, e.reason());
    }

    @Test
    void plainJsonBytesAreABadHeader() {
        byte[] json = "{\"complaint_id\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        DecodeException e = assertThrows(DecodeException.class, () -> RecordCodec.complaints().decode(json));
        assertEquals(DecodeException.Reason.BAD_HEADER, e.reason());
    }

    @Test
    void truncatedBodyIsCorrupt() {
        byte[] bytes = RecordCodec.complaints().encode(complaint());
        byte[] cut = Arrays.copyOf(bytes, 14);
        DecodeException e = assertThrows(DecodeException.class, () -> RecordCodec.complaints().decode(cut));
        assertEquals(DecodeException.Reason.CORRUPT, e.reason());
    }

    @Test
    void codecSurvivesJavaSerializationLikeAFlinkFunctionField() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
            oos.writeObject(RecordCodec.complaints());
        }
        @SuppressWarnings("unchecked")
        RecordCodec<Complaint> copy = (RecordCodec<Complaint>) new ObjectInputStream(
                new ByteArrayInputStream(out.toByteArray())).readObject();
        assertEquals(complaint(), copy.decode(RecordCodec.complaints().encode(complaint())));
    }

    private static byte[] toBytes(BinaryMessageEncoder<GenericRecord> encoder, GenericRecord record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
