package org.powerhotspots.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * A real Kafka broker (KRaft, broker and controller in one) in its own JVM, so a test can stop it and start it
 * again on the same data, as an operator restarts a broker. It runs Kafka's own main class from this JVM's
 * classpath (the kafka_2.13 artifact the tests already have).
 */
public final class KafkaBrokerProcess implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    private KafkaBrokerProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Formats {@code dir} and starts a broker on a free loopback port; returns when it answers. */
    public static KafkaBrokerProcess start(Path dir) throws Exception {
        int port = freePortPair();
        KafkaBrokerProcess broker = new KafkaBrokerProcess(dir, port);
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve("server.properties"), String.join("\n",
                "process.roles=broker,controller", "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + (port + 1),
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + (port + 1),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1", "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1", "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false", ""), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("log4j2.xml"), "<Configuration status=\"WARN\"><Appenders><File name=\"f\" "
                + "fileName=\"" + dir.resolve("logs/server.log") + "\"><PatternLayout pattern=\"[%d] %p %m (%c)%n\"/>"
                + "</File></Appenders><Loggers><Root level=\"INFO\"><AppenderRef ref=\"f\"/></Root></Loggers>"
                + "</Configuration>", StandardCharsets.UTF_8);
        String clusterId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        Process format = broker.java("kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
                dir.resolve("server.properties").toString()).redirectOutput(dir.resolve("logs/format.log").toFile())
                .redirectErrorStream(true).start();
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("Kafka storage format failed: "
                    + Files.readString(dir.resolve("logs/format.log")));
        }
        broker.start();
        return broker;
    }

    /** Starts the broker (again) on its data; returns when it lists topics. */
    public void start() throws Exception {
        process = java("kafka.Kafka", dir.resolve("server.properties").toString())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("logs/console.log").toFile()))
                .redirectErrorStream(true).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers(),
                    "request.timeout.ms", "3000", "default.api.timeout.ms", "3000"))) {
                admin.listTopics().names().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka did not start; see " + dir.resolve("logs"), notYet);
                }
                Thread.sleep(500);
            }
        }
    }

    /** Stops the broker as an operator does (SIGTERM: a controlled shutdown) and waits until it is gone. */
    public void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    private ProcessBuilder java(String main, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.xml"),
                "-cp", System.getProperty("java.class.path"), main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** A free port whose successor is free too (the controller listens there). */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p;
            try (ServerSocket s = new ServerSocket(0)) {
                p = s.getLocalPort();
            }
            try (ServerSocket a = new ServerSocket(p); ServerSocket b = new ServerSocket(p + 1)) {
                return p;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no two free consecutive ports");
    }
}
