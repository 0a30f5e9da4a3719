package org.powerhotspots.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.powerhotspots.pipeline.PipelineFixtures.alertsInElasticsearch;
import static org.powerhotspots.pipeline.PipelineFixtures.countBadLines;
import static org.powerhotspots.pipeline.PipelineFixtures.distinctValidIds;
import static org.powerhotspots.pipeline.PipelineFixtures.identity;
import static org.powerhotspots.pipeline.PipelineFixtures.latestById;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.powerhotspots.backfill.Backfill;
import org.powerhotspots.detect.AlertType;
import org.powerhotspots.elasticsearch.ElasticsearchClients;
import org.powerhotspots.testing.ElasticsearchExtension;
import org.powerhotspots.testing.KafkaBrokerProcess;
import org.powerhotspots.testing.KafkaExtension;
import org.powerhotspots.testing.ProjectPaths;
import org.powerhotspots.tools.ReplayToKafka;

/**
 * The job jar on a real standalone Flink cluster (scripts/cluster: a JobManager and two TaskManagers, separate
 * JVMs), with the real Kafka and Elasticsearch: a TaskManager is killed with SIGKILL after a checkpoint, started
 * again, and the job recovers; what lands (complaint and outage documents, dead letters, alert ids) is what the
 * backfill of the same input gives, nothing lost and nothing duplicated.
 */
@ExtendWith({KafkaExtension.class, ElasticsearchExtension.class})
class ClusterFaultIT {
    private static final String PREFIX = "it-cluster-";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path work;
    static Path simulated;
    static Path clusterDir;
    static int restPort;
    static int rpcPort;

    @BeforeAll
    static void startTheCluster() throws Exception {
        simulated = PipelineFixtures.simulateProvince(work);
        clusterDir = Path.of("target", "it-cluster").toAbsolutePath();
        restPort = freePort();
        rpcPort = freePort();
        cluster("up");
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        cluster("down");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs scripts/cluster with this test's ports and folders; returns its output. */
    private static String cluster(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", ProjectPaths.root().resolve("scripts/cluster").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("HOTSPOT_CLUSTER_DIR", clusterDir.toString());
        pb.environment().put("HOTSPOT_FLINK_REST_PORT", Integer.toString(restPort));
        pb.environment().put("HOTSPOT_FLINK_RPC_PORT", Integer.toString(rpcPort));
        pb.environment().put("HOTSPOT_FLINK_SLOTS", "2"); // 4 slots: room to rescale to 3; jobs spread over both
        pb.environment().put("HOTSPOT_JOB_JAR", jobJar().toString());
        pb.environment().put("HOTSPOT_MVN_LOCK_HELD", "1"); // run inside the build that holds the lock
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        System.err.print(out);
        if (code != 0) {
            throw new IllegalStateException("scripts/cluster " + String.join(" ", args) + " failed (" + code + "):\n" + out);
        }
        return out;
    }

    private static Path jobJar() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-job.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no job jar in target/ (mvn package builds it)"))
                    .toAbsolutePath();
        }
    }

    private static JsonNode rest(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static String jobState(String jobId) throws Exception {
        return rest("/jobs/" + jobId).path("state").asText();
    }

    private static void await(String what, long timeoutMillis, Check check) throws Exception {
        await(what, timeoutMillis, 250, check);
    }

    private static void await(String what, long timeoutMillis, long pollMillis, Check check) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!check.ok()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(pollMillis);
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    /** A fault injected once the job has completed a checkpoint; returns when the cluster may recover. */
    interface Fault {
        void inject() throws Exception;
    }

    /** With exactly-once alerts: a read_committed consumer of the alerts topic sees each emission once, in order. */
    @Test
    void aTaskManagerKilledAfterACheckpointLosesAndDuplicatesNothingAndTheAlertsTopicIsExactlyOnce() throws Exception {
        Run run = runWithFault("TaskManager killed (SIGKILL) and started again, exactly-once alerts", () -> {
            long pid = Long.parseLong(Files.readString(clusterDir.resolve("taskmanager-1.pid")).trim());
            killAndAwaitGone(pid);
            cluster("up"); // starts the killed TaskManager again; the running ones stay
        }, true, "--kafka.alerts.delivery=exactly-once");
        List<String> emissions = PipelineFixtures.emissionsOnTopic(run.alertsTopic());
        assertFalse(emissions.isEmpty(), "alerts on the topic");
        PipelineFixtures.assertEachEmissionOnceAndInOrder(emissions);
    }

    @Test
    void aTaskManagerKilledDuringACheckpointLosesAndDuplicatesNothing() throws Exception {
        runWithFault("TaskManager killed (SIGKILL) while a checkpoint was in progress", () -> {
            // The checkpoint is aborted with the TaskManager; the job restores from the one before it.
            await("a checkpoint in progress", 60_000, 10, () -> runningJobCheckpointsInProgress() > 0);
            long pid = Long.parseLong(Files.readString(clusterDir.resolve("taskmanager-2.pid")).trim());
            killAndAwaitGone(pid);
            cluster("up");
        }, true);
    }

    @Test
    void aKafkaBrokerRestartedMidRunLosesAndDuplicatesNothing() throws Exception {
        // A broker of its own, in its own JVM, so it can be stopped and started again on the same data.
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(work.resolve("kafka-restarted"))) {
            runWithFaultOn(broker.bootstrapServers(), "Kafka broker stopped (SIGTERM) for 20 s and started again", () -> {
                broker.stop();
                Thread.sleep(20_000);
                broker.start();
            }, false);
        }
    }

    /**
     * SIGKILL, then wait until the process is gone (or a zombie): `scripts/cluster up` right after a kill could still
     * see it alive, start no TaskManager, and leave the cluster a TaskManager short for the next test.
     */
    private static void killAndAwaitGone(long pid) throws Exception {
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        Path status = Path.of("/proc/" + pid + "/status");
        await("the killed process to be gone", 30_000, 50, () -> {
            try {
                return !Files.exists(status) || Files.readString(status).lines()
                        .anyMatch(l -> l.startsWith("State:") && l.contains("Z"));
            } catch (java.io.IOException gone) {
                return true;
            }
        });
    }

    /** Checkpoints in progress of the one running job, polled fast enough to catch one (they take a second or less). */
    private static int runningJobCheckpointsInProgress() throws Exception {
        for (JsonNode job : rest("/jobs/overview").path("jobs")) {
            if (job.path("state").asText().equals("RUNNING")) {
                return rest("/jobs/" + job.path("jid").asText() + "/checkpoints").path("counts").path("in_progress").asInt();
            }
        }
        return 0;
    }

    @Test
    void elasticsearchFrozenForAMinuteLosesAndDuplicatesNothing() throws Exception {
        runWithFault("Elasticsearch frozen (SIGSTOP) for 60 s", () -> {
            String pid = Long.toString(ElasticsearchExtension.pid());
            new ProcessBuilder("kill", "-STOP", pid).start().waitFor();
            try {
                Thread.sleep(60_000);
            } finally {
                new ProcessBuilder("kill", "-CONT", pid).start().waitFor();
            }
        }, false);
    }

    /** Longer than the writer's 5-minute flush deadline: the writer fails, the job restarts until it answers. */
    @Test
    void elasticsearchFrozenForFiveMinutesLosesAndDuplicatesNothing() throws Exception {
        runWithFault("Elasticsearch frozen (SIGSTOP) for 5 min", () -> {
            String pid = Long.toString(ElasticsearchExtension.pid());
            new ProcessBuilder("kill", "-STOP", pid).start().waitFor();
            try {
                Thread.sleep(300_000);
            } finally {
                new ProcessBuilder("kill", "-CONT", pid).start().waitFor();
            }
        }, false);
    }

    /**
     * Runs the job on the cluster over the simulated province, injects {@code fault} after its first completed
     * checkpoint, and checks that what landed is exactly what the backfill of the same input gives.
     */
    /** The topics and index prefix of one run, and the job arguments that point the job at them. */
    record Run(String id, List<String> jobArguments) {
        String alertsTopic() {
            return "alerts-" + id;
        }
    }

    /** Fresh topics with the simulated province replayed into them, empty indices, and the job's arguments. */
    private static Run prepare(String bootstrap) throws Exception {
        cluster("up"); // idempotent: starts any TaskManager a fault left stopped
        // A settled cluster: after a fault test the killed TaskManager stays registered until its heartbeat times out.
        await("two TaskManagers with every slot free", 120_000, () -> {
            JsonNode overview = rest("/overview");
            return overview.path("taskmanagers").asInt() == 2
                    && overview.path("slots-available").asInt() == overview.path("slots-total").asInt();
        });
        String run = Long.toString(System.nanoTime(), 36);
        String complaints = "complaints-" + run;
        String outages = "outages-" + run;
        KafkaExtension.createTopics(bootstrap, 2, complaints, outages, "alerts-" + run, "deadletters-" + run);
        try (KafkaProducer<byte[], byte[]> producer = ReplayToKafka.producer(bootstrap)) {
            ReplayToKafka.replay(producer, simulated.resolve("complaints.jsonl"), complaints, true);
            ReplayToKafka.replay(producer, simulated.resolve("outages.jsonl"), outages, false);
        }
        try (RestClient es = ElasticsearchClients.restClient(ElasticsearchClients.Connection.of(ElasticsearchExtension.url()))) {
            es.performRequest(new Request("DELETE", "/" + PREFIX + "*"));
        }
        return new Run(run, List.of("--bounded",
                "--kafka.bootstrap.servers=" + bootstrap,
                "--kafka.topic.complaints=" + complaints, "--kafka.topic.outages=" + outages,
                "--kafka.topic.alerts=alerts-" + run, "--kafka.topic.deadletters=deadletters-" + run,
                "--kafka.group.id=it-cluster-" + run, "--kafka.transactional-id-prefix=it-cluster-" + run,
                "--elasticsearch.urls=" + ElasticsearchExtension.url(), "--elasticsearch.alias-prefix=" + PREFIX,
                "--elasticsearch.replicas=0", "--elasticsearch.flush-interval=200ms",
                "--job.checkpoint-interval=1s", "--job.restart.initial-backoff=500ms",
                "--job.checkpoint-dir=" + work.resolve("checkpoints").toUri()));
    }

    /** Submits the job (detached) with {@code before} ahead of the run's arguments and {@code after} behind; its id. */
    private static String submit(List<String> before, Run run, String... after) throws Exception {
        List<String> args = new ArrayList<>(List.of("submit"));
        args.addAll(before);
        args.addAll(run.jobArguments());
        args.addAll(List.of(after));
        String submitted = cluster(args.toArray(String[]::new));
        Matcher m = Pattern.compile("JobID ([0-9a-f]{32})").matcher(submitted);
        assertTrue(m.find(), "the CLI names the submitted job: " + submitted);
        return m.group(1);
    }

    private static void awaitFinished(String jobId) throws Exception {
        await("the bounded job to finish", 300_000, () -> {
            String state = jobState(jobId);
            if (state.equals("FAILED") || state.equals("CANCELED")) {
                throw new AssertionError("the job ended " + state);
            }
            return state.equals("FINISHED");
        });
    }

    private Run runWithFault(String what, Fault fault, boolean mustRestart, String... jobArguments) throws Exception {
        return runWithFaultOn(KafkaExtension.bootstrapServers(), what, fault, mustRestart, jobArguments);
    }

    /** The same, with the job reading and writing the Kafka broker at {@code bootstrap}. */
    private Run runWithFaultOn(String bootstrap, String what, Fault fault, boolean mustRestart, String... jobArguments)
            throws Exception {
        Run run = prepare(bootstrap);
        String jobId = submit(List.of(), run, jobArguments);

        await("a completed checkpoint", 120_000,
                () -> rest("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asInt() >= 1);
        long injectedAt = System.currentTimeMillis();
        fault.inject();
        await("the job to recover", 300_000, () -> {
            boolean failed = rest("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries").size() > 0;
            JsonNode counts = rest("/jobs/" + jobId).path("status-counts");
            int total = 0;
            for (JsonNode n : counts) {
                total += n.asInt();
            }
            boolean allRunning = counts.path("RUNNING").asInt() + counts.path("FINISHED").asInt() == total;
            return jobState(jobId).equals("FINISHED") || ((failed || !mustRestart) && allRunning);
        });
        long recoveredMillis = System.currentTimeMillis() - injectedAt;
        awaitFinished(jobId);
        int restarts = rest("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries").size();
        System.err.printf("ClusterFaultIT: %s; job running again %.1f s after the fault began; %d failure(s) recorded%n",
                what, recoveredMillis / 1000.0, restarts);
        assertLandedAsTheBackfill();
        return run;
    }

    /** What landed is what the backfill of the same input gives: every document once, the same alerts and ids. */
    private static void assertLandedAsTheBackfill() throws Exception {

        // Nothing lost, nothing duplicated: one document per valid complaint and outage, one dead letter per bad record.
        long badLines = countBadLines(simulated.resolve("complaints.jsonl"), true)
                + countBadLines(simulated.resolve("outages.jsonl"), false);
        assertEquals(distinctValidIds(simulated.resolve("complaints.jsonl"), true),
                ElasticsearchExtension.count(PREFIX + "hotspot-complaints", null));
        assertEquals(distinctValidIds(simulated.resolve("outages.jsonl"), false),
                ElasticsearchExtension.count(PREFIX + "hotspot-outages", null));
        long late = ElasticsearchExtension.count(PREFIX + "hotspot-deadletters", "{\"term\":{\"reason\":\"LATE\"}}");
        assertEquals(badLines, ElasticsearchExtension.count(PREFIX + "hotspot-deadletters", null) - late);

        // The same alerts, with the same ids, as the backfill of the same input.
        Map<String, JsonNode> inElasticsearch = alertsInElasticsearch(PREFIX);
        assertEquals(Set.of(AlertType.values()), inElasticsearch.values().stream()
                .map(a -> AlertType.valueOf(a.path("type").asText())).collect(Collectors.toSet()));
        Path alertsOut = work.resolve("backfill-alerts.jsonl");
        Backfill.Options options = new Backfill.Options();
        options.complaints = simulated.resolve("complaints.jsonl");
        options.outages = simulated.resolve("outages.jsonl");
        options.alertsOut = alertsOut;
        options.deadLettersOut = work.resolve("backfill-deadletters.jsonl");
        options.noEs = true;
        options.quiet = true;
        Backfill.run(options, new PrintStream(System.err, true, StandardCharsets.UTF_8));
        Map<String, String> onCluster = new TreeMap<>();
        inElasticsearch.forEach((id, a) -> onCluster.put(id, identity(a)));
        assertEquals(new TreeMap<>(latestById(Files.readAllLines(alertsOut))), onCluster,
                "the cluster after a TaskManager kill and the backfill give the same alerts");
    }
}
