package org.powerhotspots.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.powerhotspots.schema.Complaint;
import org.powerhotspots.schema.codec.RecordCodec;
import org.powerhotspots.testing.KafkaExtension;

/** Complaints written as Avro single-object messages come back intact through a real KRaft broker. */
@ExtendWith(KafkaExtension.class)
class KafkaAvroRoundTripIT {

    @Test
    void complaintsSurviveARealBrokerRoundTrip() throws Exception {
        String topic = "complaints-roundtrip";
        KafkaExtension.createTopics(2, topic);
        RecordCodec<Complaint> codec = RecordCodec.complaints();
        List<Complaint> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", KafkaExtension.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 50; i++) {
                Complaint c = Complaint.newBuilder()
                        .setComplaintId("GD-" + i)
                        .setReceivedAt(Instant.parse("2026-03-01T00:00:00Z").plusSeconds(60L * i))
                        .setRegionCode("610113")
                        .setText("小区第" + i + "次停电了")
                        .build();
                sent.add(c);
                producer.send(new ProducerRecord<>(topic, c.getComplaintId(), codec.encode(c)));
            }
            producer.flush();
        }
        List<Complaint> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", KafkaExtension.bootstrapServers(),
                "group.id", "roundtrip", "auto.offset.reset", "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 60_000;
            while (received.size() < sent.size() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    received.add(codec.decode(r.value()));
                }
            }
        }
        received.sort(java.util.Comparator.comparing(Complaint::getReceivedAt));
        assertEquals(sent, received);
    }
}
