package org.powerhotspots.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.powerhotspots.tools.ReplayToKafka;

/**
 * Gives *IT tests a real Kafka broker in KRaft mode, in process, started once per test run
 * ({@code HOTSPOT_TEST_KAFKA} names an external one instead).
 */
public final class KafkaExtension implements BeforeAllCallback {
    private static volatile String bootstrapServers;

    public static String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("annotate the test with @ExtendWith(KafkaExtension.class)");
        }
        return bootstrapServers;
    }

    /** Creates topics (idempotent within a run: names should be unique per test). */
    public static void createTopics(int partitions, String... names) throws Exception {
        createTopics(bootstrapServers(), partitions, names);
    }

    /** Creates topics on the brokers at {@code bootstrap} (another broker than this extension's). */
    public static void createTopics(String bootstrap, int partitions, String... names) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> topics = java.util.Arrays.stream(names)
                    // Replayed records carry past event times: keep them regardless of age, or time-based
                    // retention deletes them while a test reads.
                    .map(n -> new NewTopic(n, partitions, (short) 1).configs(Map.of("retention.ms", "-1"))).toList();
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
        awaitLeaders(bootstrap, names);
    }

    /** Waits until a client sees a leader for every partition (see {@link ReplayToKafka#awaitLeaders}). */
    private static void awaitLeaders(String bootstrap, String... names) throws Exception {
        try (KafkaProducer<byte[], byte[]> probe = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String name : names) {
                ReplayToKafka.awaitLeaders(probe, name);
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Broker broker = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Broker.class, k -> new Broker(), Broker.class);
        bootstrapServers = broker.bootstrapServers;
    }

    static final class Broker implements ExtensionContext.Store.CloseableResource {
        final String bootstrapServers;
        private final KafkaClusterTestKit cluster;

        Broker() {
            String given = System.getenv("HOTSPOT_TEST_KAFKA");
            if (given != null && !given.isBlank()) {
                bootstrapServers = given;
                cluster = null;
                return;
            }
            try {
                TestKitNodes nodes = new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build();
                cluster = new KafkaClusterTestKit.Builder(nodes)
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .build();
                cluster.format();
                cluster.startup();
                cluster.waitForReadyBrokers();
                bootstrapServers = cluster.bootstrapServers();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the in-process Kafka (KRaft) broker", e);
            }
        }

        @Override
        public void close() throws Exception {
            if (cluster != null) {
                cluster.close();
            }
        }
    }
}
