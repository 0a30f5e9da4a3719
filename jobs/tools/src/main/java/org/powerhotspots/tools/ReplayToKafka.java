package org.powerhotspots.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.powerhotspots.decode.RecordDecoder;
import org.powerhotspots.records.ComplaintEvent;
import org.powerhotspots.records.Decoded;
import org.powerhotspots.records.OutageEvent;
import org.powerhotspots.schema.Channel;
import org.powerhotspots.schema.Complaint;
import org.powerhotspots.schema.Outage;
import org.powerhotspots.schema.OutageKind;
import org.powerhotspots.schema.codec.RecordCodec;

/**
 * Produces JSON Lines files (the SPEC section 2 contract) to the Kafka topics as Avro single-object
 * messages, with the record timestamp set to event time. Lines that are not valid records are sent
 * as their raw bytes, so the job's dead-letter path sees them as a real producer's mistakes.
 */
public final class ReplayToKafka {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplayToKafka() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = "127.0.0.1:9092";
        Path complaints = null;
        Path outages = null;
        String complaintTopic = "complaints";
        String outageTopic = "outages";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kafka" -> bootstrap = args[++i];
                case "--complaints" -> complaints = Path.of(args[++i]);
                case "--outages" -> outages = Path.of(args[++i]);
                case "--complaints-topic" -> complaintTopic = args[++i];
                case "--outages-topic" -> outageTopic = args[++i];
                case "-h", "--help" -> {
                    System.out.println("Usage: scripts/produce --complaints FILE --outages FILE [--kafka HOST:PORT]"
                            + " [--complaints-topic T] [--outages-topic T]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            if (complaints != null) {
                long n = replay(producer, complaints, complaintTopic, true);
                System.err.printf("produced %,d complaint messages to %s%n", n, complaintTopic);
            }
            if (outages != null) {
                long n = replay(producer, outages, outageTopic, false);
                System.err.printf("produced %,d outage messages to %s%n", n, outageTopic);
            }
            producer.flush();
        }
    }

    /**
     * Produces one file's lines to a topic and waits until the broker has acknowledged them all; returns how many
     * messages were sent.
     *
     * @throws IOException when the broker refused any message (with how many and the first reason): a replay that
     *                     silently lost records would make every count downstream wrong
     */
    /**
     * The replay's producer: idempotent, acks from all replicas, and one request in flight per broker. With
     * more in flight, a first batch refused by a partition that is not served yet is overtaken by the later
     * ones and then refused for good as out of sequence (records lost); with one, it is retried first.
     */
    public static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.putAll(Map.of("bootstrap.servers", bootstrap, "linger.ms", "20", "batch.size", "262144",
                "compression.type", "lz4", "enable.idempotence", "true", "acks", "all",
                "max.in.flight.requests.per.connection", "1"));
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public static long replay(KafkaProducer<byte[], byte[]> producer, Path file, String topic, boolean complaint) throws IOException {
        RecordDecoder decoder = new RecordDecoder();
        RecordCodec<Complaint> complaintCodec = RecordCodec.complaints();
        RecordCodec<Outage> outageCodec = RecordCodec.outages();
        long count = 0;
        AtomicLong refused = new AtomicLong();
        AtomicReference<Exception> firstRefusal = new AtomicReference<>();
        Callback acknowledged = (metadata, e) -> {
            if (e != null) {
                refused.incrementAndGet();
                firstRefusal.compareAndSet(null, e);
            }
        };
        awaitLeaders(producer, topic);
        try (InputStream raw = Files.newInputStream(file);
                BufferedReader lines = new BufferedReader(new InputStreamReader(
                        file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw, StandardCharsets.UTF_8))) {
            String line;
            long lineNo = 0;
            while ((line = lines.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                RecordDecoder.Origin origin = new RecordDecoder.Origin(file.toString(), -1, lineNo);
                Decoded d = complaint ? decoder.complaintFromJson(line, origin) : decoder.outageFromJson(line, origin);
                byte[] key;
                byte[] value;
                Long timestamp = null;
                if (d.complaint != null) {
                    key = d.complaint.complaintId.getBytes(StandardCharsets.UTF_8);
                    value = complaintCodec.encode(toAvro(d.complaint));
                    timestamp = d.complaint.receivedAt;
                } else if (d.outage != null) {
                    key = d.outage.outageId.getBytes(StandardCharsets.UTF_8);
                    value = outageCodec.encode(toAvro(d.outage));
                    timestamp = d.outage.eventTime();
                } else {
                    // Not a valid record: send what a broken producer would. Records that parse but fail
                    // validation still go as Avro when they can, so the job's own validation is exercised.
                    key = null;
                    value = invalidButEncodable(line, complaint, complaintCodec, outageCodec);
                }
                producer.send(new ProducerRecord<>(topic, null, timestamp, key, value), acknowledged);
                count++;
            }
        }
        producer.flush();
        if (refused.get() > 0) {
            throw new IOException("Kafka refused " + refused.get() + " of " + count + " messages from " + file + " to "
                    + topic + ", e.g.: " + firstRefusal.get(), firstRefusal.get());
        }
        return count;
    }

    /**
     * Waits (up to a minute) until the client sees a leader for every partition of a topic. A batch sent to a
     * partition the broker does not serve yet fails; with an idempotent producer, the later batches then get
     * in first and the failed one is refused as out of sequence until it expires.
     */
    public static void awaitLeaders(KafkaProducer<byte[], byte[]> producer, String topic) throws IOException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            List<PartitionInfo> partitions = producer.partitionsFor(topic);
            if (!partitions.isEmpty() && partitions.stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("topic " + topic + " still has partitions without a leader after 60 s: " + partitions);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the leaders of " + topic, e);
            }
        }
    }

    private static byte[] invalidButEncodable(String line, boolean complaint, RecordCodec<Complaint> cc, RecordCodec<Outage> oc) {
        try {
            JsonNode n = JSON.readTree(line);
            if (complaint && n.hasNonNull("complaint_id") && n.hasNonNull("text") && n.hasNonNull("region_code")
                    && n.get("received_at") != null && n.get("received_at").isNumber()) {
                return cc.encode(Complaint.newBuilder().setComplaintId(n.get("complaint_id").asText())
                        .setReceivedAt(Instant.ofEpochMilli(n.get("received_at").asLong()))
                        .setRegionCode(n.get("region_code").asText()).setText(n.get("text").asText()).build());
            }
        } catch (Exception e) {
            // fall through: send the raw line
        }
        return line.getBytes(StandardCharsets.UTF_8);
    }

    static Complaint toAvro(ComplaintEvent c) {
        return Complaint.newBuilder()
                .setComplaintId(c.complaintId)
                .setReceivedAt(Instant.ofEpochMilli(c.receivedAt))
                .setChannel(Channel.valueOf(c.channel))
                .setRegionCode(c.regionCode)
                .setStationAreaId(c.stationAreaId)
                .setFeederId(c.feederId)
                .setCustomerId(c.customerId)
                .setCategoryCode(c.categoryCode)
                .setText(c.text)
                .build();
    }

    static Outage toAvro(OutageEvent o) {
        return Outage.newBuilder()
                .setOutageId(o.outageId)
                .setKind(OutageKind.valueOf(o.kind))
                .setStartedAt(Instant.ofEpochMilli(o.startedAt))
                .setRestoredAt(o.restoredAt == null ? null : Instant.ofEpochMilli(o.restoredAt))
                .setRegionCode(o.regionCode)
                .setFeederId(o.feederId)
                .setStationAreaId(o.stationAreaId)
                .setCustomersAffected(o.customersAffected)
                .setNotifiedInAdvance(o.notifiedInAdvance)
                .setCause(o.cause)
                .build();
    }
}
