package org.powerhotspots.io;

import org.powerhotspots.documents.ElasticsearchDocuments;
import org.powerhotspots.decode.RecordDecoder;

import org.powerhotspots.records.DeadLetter;

import org.powerhotspots.documents.AlertRecords;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.powerhotspots.config.HotspotConfig;
import org.powerhotspots.detect.HotspotAlert;
import org.powerhotspots.records.Decoded;
import org.powerhotspots.region.Regions;
import org.powerhotspots.schema.Alert;
import org.powerhotspots.schema.codec.RecordCodec;

/** Kafka sources (Avro single-object → events or dead letters) and sinks (alerts, dead letters). */
public final class KafkaIO {
    private KafkaIO() {}

    /** Which record a topic carries. */
    public enum Kind { COMPLAINT, OUTAGE }

    /** A topic's source; {@code bounded} stops at the offsets that are latest when the job starts. */
    public static KafkaSource<Decoded> source(HotspotConfig config, Kind kind, boolean bounded) {
        String topic = config.string(kind == Kind.COMPLAINT ? "kafka.topic.complaints" : "kafka.topic.outages");
        KafkaSourceBuilder<Decoded> builder = KafkaSource.<Decoded>builder()
                .setBootstrapServers(config.string("kafka.bootstrap.servers"))
                .setProperties(config.kafkaClientProperties())
                .setTopics(topic)
                .setGroupId(config.string("kafka.group.id"))
                .setClientIdPrefix(config.string("kafka.group.id") + "-" + kind.name().toLowerCase())
                .setStartingOffsets(startingOffsets(config.string("kafka.starting-offsets")))
                .setDeserializer(deserializer(kind, decoder(config)));
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** Decodes a topic's messages into events or dead letters. */
    public static KafkaRecordDeserializationSchema<Decoded> deserializer(Kind kind, RecordDecoder decoder) {
        return new DecodingDeserializer(kind, decoder);
    }

    /** The decoder of the configuration: job.max-future against the wall clock of the reading task. */
    public static RecordDecoder decoder(HotspotConfig config) {
        return new RecordDecoder(config.duration("job.max-future").toMillis(), System::currentTimeMillis);
    }

    static OffsetsInitializer startingOffsets(String setting) {
        switch (setting.trim().toLowerCase()) {
            case "earliest": return OffsetsInitializer.earliest();
            case "latest": return OffsetsInitializer.latest();
            case "committed": return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default: throw new IllegalArgumentException("kafka.starting-offsets must be earliest, latest or committed, not " + setting);
        }
    }

    /**
     * Alerts as Avro single-object messages keyed by alert_id, so a compacted topic keeps the latest status. At least
     * once by default; {@code kafka.alerts.delivery: exactly-once} writes them in Kafka transactions committed on each
     * checkpoint, so a read_committed consumer never sees an emission twice or an OPEN after its RESOLVED.
     */
    public static KafkaSink<HotspotAlert> alertSink(HotspotConfig config) {
        DeliveryGuarantee guarantee = alertsDelivery(config);
        Properties producer = producerProperties(config);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            // Below the brokers' transaction.max.timeout.ms (15 min by default), above a checkpoint's duration.
            producer.putIfAbsent("transaction.timeout.ms", "900000");
        }
        var builder = KafkaSink.<HotspotAlert>builder()
                .setBootstrapServers(config.string("kafka.bootstrap.servers"))
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(new AlertSerializer(config.string("kafka.topic.alerts")))
                .setDeliveryGuarantee(guarantee);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(config.string("kafka.transactional-id-prefix"));
        }
        return builder.build();
    }

    /** kafka.alerts.delivery: at-least-once or exactly-once. */
    public static DeliveryGuarantee alertsDelivery(HotspotConfig config) {
        String setting = config.string("kafka.alerts.delivery").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (setting) {
            case "at-least-once" -> DeliveryGuarantee.AT_LEAST_ONCE;
            case "exactly-once" -> DeliveryGuarantee.EXACTLY_ONCE;
            default -> throw new IllegalArgumentException(
                    "kafka.alerts.delivery must be at-least-once or exactly-once, not '" + setting + "'");
        };
    }

    /** Dead letters as JSON, keyed by their stable id. */
    public static KafkaSink<DeadLetter> deadLetterSink(HotspotConfig config) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(config.string("kafka.bootstrap.servers"))
                .setKafkaProducerConfig(producerProperties(config))
                .setRecordSerializer(new DeadLetterSerializer(config.string("kafka.topic.deadletters")))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    private static Properties producerProperties(HotspotConfig config) {
        Properties p = config.kafkaClientProperties();
        p.putIfAbsent("enable.idempotence", "true");
        return p;
    }

    /** Decodes every message; never throws, so one bad message cannot stop the job. */
    static final class DecodingDeserializer implements KafkaRecordDeserializationSchema<Decoded> {
        private static final long serialVersionUID = 1L;
        private final Kind kind;
        private final RecordDecoder decoder;

        DecodingDeserializer(Kind kind, RecordDecoder decoder) {
            this.kind = kind;
            this.decoder = decoder;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Decoded> out) {
            RecordDecoder.Origin origin = new RecordDecoder.Origin(record.topic(), record.partition(), record.offset());
            out.collect(kind == Kind.COMPLAINT
                    ? decoder.complaintFromAvro(record.value(), origin)
                    : decoder.outageFromAvro(record.value(), origin));
        }

        @Override
        public TypeInformation<Decoded> getProducedType() {
            return TypeInformation.of(Decoded.class);
        }
    }

    static final class AlertSerializer implements KafkaRecordSerializationSchema<HotspotAlert> {
        private static final long serialVersionUID = 1L;
        private final String topic;
        private final RecordCodec<Alert> codec = RecordCodec.alerts();
        private transient AlertRecords records;

        AlertSerializer(String topic) {
            this.topic = topic;
        }

        @Override
        public void open(org.apache.flink.api.common.serialization.SerializationSchema.InitializationContext context,
                KafkaSinkContext sinkContext) {
            records = new AlertRecords(Regions.bundled());
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(HotspotAlert alert, KafkaSinkContext context, Long timestamp) {
            // No record timestamp: event time is in the payload, and a past event time would let the
            // broker's time-based retention delete replayed or backfilled alerts at once.
            return new ProducerRecord<>(topic, null, null,
                    alert.alertId().getBytes(StandardCharsets.UTF_8), codec.encode(records.toAvro(alert)));
        }
    }

    static final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
        private static final long serialVersionUID = 1L;
        private static final ObjectMapper JSON = new ObjectMapper();
        private final String topic;

        DeadLetterSerializer(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
            return record(topic, letter);
        }

        /** A dead letter as the topic carries it: its dead-letter document as JSON, keyed by its stable id. */
        static ProducerRecord<byte[], byte[]> record(String topic, DeadLetter letter) {
            try {
                return new ProducerRecord<>(topic, letter.documentId().getBytes(StandardCharsets.UTF_8),
                        JSON.writeValueAsBytes(ElasticsearchDocuments.deadLetter(letter)));
            } catch (Exception e) {
                throw new IllegalStateException("cannot write dead letter", e);
            }
        }
    }

    /**
     * The dead-letter topic as the Elasticsearch sink's outlet: the dead letters of documents Elasticsearch refused
     * (which it may refuse to index too) are produced there, flushed on every checkpoint.
     */
    public static org.powerhotspots.io.es.DeadLetterOutlet deadLetterOutlet(HotspotConfig config) {
        Properties producer = producerProperties(config);
        producer.put("bootstrap.servers", config.string("kafka.bootstrap.servers"));
        String topic = config.string("kafka.topic.deadletters");
        return subtask -> new org.powerhotspots.io.es.DeadLetterOutlet.Writer() {
            private final org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> kafka =
                    new org.apache.kafka.clients.producer.KafkaProducer<>(producer,
                            new org.apache.kafka.common.serialization.ByteArraySerializer(),
                            new org.apache.kafka.common.serialization.ByteArraySerializer());
            private volatile Exception failed;

            @Override
            public void write(DeadLetter letter) throws Exception {
                throwIfFailed();
                kafka.send(DeadLetterSerializer.record(topic, letter), (metadata, e) -> {
                    if (e != null && failed == null) {
                        failed = e;
                    }
                });
            }

            @Override
            public void flush() throws Exception {
                kafka.flush();
                throwIfFailed();
            }

            private void throwIfFailed() throws Exception {
                if (failed != null) {
                    throw new IllegalStateException("the dead-letter topic " + topic + " refused a dead letter", failed);
                }
            }

            @Override
            public void close() {
                kafka.close(java.time.Duration.ofSeconds(10));
            }
        };
    }
}
