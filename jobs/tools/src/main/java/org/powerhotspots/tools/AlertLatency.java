package org.powerhotspots.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.powerhotspots.decode.RecordDecoder;
import org.powerhotspots.records.Decoded;
import org.powerhotspots.schema.Complaint;
import org.powerhotspots.schema.Outage;
import org.powerhotspots.schema.codec.RecordCodec;

/**
 * Alert latency at a live rate (issue 17), against a running streaming job and the local stack.
 *
 * <p>Produces a simulation's records before {@code --live-from} at once (the history the baselines learn from),
 * waits until the job has indexed them, then replays the rest at {@code --speed} × wall-clock speed (event time
 * compressed: at 240, an event-hour takes 15 s) for {@code --minutes}, noting when each record was appended.
 * Meanwhile it polls the alerts index every 200 ms and notes when each alert id is first searchable. For each alert
 * first seen in the live phase, with B its slide boundary ({@code window_end}):
 * <ul>
 *   <li>slide wait: from the append of its latest evidence record before B to the replay passing B;</li>
 *   <li>watermark wait: from there until the replay reaches B + out-of-orderness (the watermark cannot pass B
 *       sooner);</li>
 *   <li>processing and sink: from there until the alert is searchable (timer, detection, the Elasticsearch
 *       writer's bulk flush and the index refresh).</li>
 * </ul>
 * Prints each part's p50 / p99 in wall seconds, and the design bound (slide + out-of-orderness) / speed.
 */
public final class AlertLatency {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertLatency() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>(Map.of("--kafka", "127.0.0.1:9092", "--es", "http://127.0.0.1:9200",
                "--speed", "240", "--minutes", "10", "--out-of-orderness", "5m", "--slide", "30m"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        Path dir = Path.of(a.get("--dir"));
        long liveFrom = OffsetDateTime.parse(a.get("--live-from")).toInstant().toEpochMilli();
        double speed = Double.parseDouble(a.get("--speed"));
        long minutes = Long.parseLong(a.get("--minutes"));
        long ooo = durationMillis(a.get("--out-of-orderness"));
        long slide = durationMillis(a.get("--slide"));
        String es = a.get("--es");

        List<Rec> records = new ArrayList<>();
        read(dir.resolve("complaints.jsonl"), true, records);
        read(dir.resolve("outages.jsonl"), false, records);
        records.sort((x, y) -> Long.compare(x.eventTime, y.eventTime)); // sent in event-time order
        List<Rec> history = records.stream().filter(r -> r.eventTime < liveFrom).toList();
        long liveEnd = liveFrom + (long) (minutes * 60_000 * speed);
        List<Rec> live = records.stream().filter(r -> r.eventTime >= liveFrom && r.eventTime < liveEnd).toList();

        Map<String, Long> appendedAt = new ConcurrentHashMap<>();
        Map<String, Long> eventTimeOf = new HashMap<>();
        records.forEach(r -> eventTimeOf.put(r.id, r.eventTime));
        AtomicLong refused = new AtomicLong();
        AtomicReference<Exception> firstRefusal = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = ReplayToKafka.producer(a.get("--kafka"))) {
            ReplayToKafka.awaitLeaders(producer, "complaints");
            ReplayToKafka.awaitLeaders(producer, "outages");
            System.err.printf("alert-latency: history: %,d records before %s, produced at once%n", history.size(),
                    a.get("--live-from"));
            for (Rec r : history) {
                send(producer, r, null, refused, firstRefusal);
            }
            producer.flush();
            long complaints = history.stream().filter(r -> r.complaint).count();
            awaitIndexed(es, complaints);

            Map<String, Long> firstSeen = new LinkedHashMap<>();
            Map<String, JsonNode> docs = new HashMap<>();
            Thread poller = new Thread(() -> poll(es, firstSeen, docs), "alert poller");
            poller.setDaemon(true);
            pollOnce(es, firstSeen, docs); // alerts of the history are not the live phase's
            int before = firstSeen.size();
            poller.start();
            System.err.printf("alert-latency: live: %,d records over %d min at %.0fx (an event-hour every %.1f s)%n",
                    live.size(), minutes, speed, 3600 / speed);
            long wall0 = System.currentTimeMillis();
            for (Rec r : live) {
                long due = wall0 + (long) ((r.eventTime - liveFrom) / speed);
                long wait = due - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                send(producer, r, appendedAt, refused, firstRefusal);
            }
            producer.flush();
            Thread.sleep(Math.max(15_000, (long) ((slide + ooo) / speed) + 10_000)); // the last slides' alerts
            poller.interrupt();
            poller.join();
            if (refused.get() > 0) {
                throw new IOException("Kafka refused " + refused.get() + " records, e.g. " + firstRefusal.get());
            }
            report(firstSeen, docs, before, appendedAt, eventTimeOf, wall0, liveFrom, speed, ooo, slide, liveEnd);
        }
    }

    private static void report(Map<String, Long> firstSeen, Map<String, JsonNode> docs, int before,
            Map<String, Long> appendedAt, Map<String, Long> eventTimeOf, long wall0, long liveFrom, double speed,
            long ooo, long slide, long liveEnd) {
        List<double[]> rows = new ArrayList<>(); // slide wait, watermark wait, processing and sink, total
        int skipped = 0;
        List<String> ids = new ArrayList<>(firstSeen.keySet());
        for (String id : ids.subList(before, ids.size())) {
            JsonNode d = docs.get(id);
            long boundary = OffsetDateTime.parse(d.path("window_end").asText()).toInstant().toEpochMilli();
            if (boundary < liveFrom || boundary + ooo > liveEnd) {
                skipped++;
                continue;
            }
            long latest = Long.MIN_VALUE;
            long latestAppend = 0;
            for (String field : new String[] {"complaint_ids", "outage_ids"}) {
                for (JsonNode e : d.path("evidence").path(field)) {
                    Long at = appendedAt.get(e.asText());
                    Long t = eventTimeOf.get(e.asText());
                    if (at != null && t != null && t <= boundary && t > latest) {
                        latest = t;
                        latestAppend = at;
                    }
                }
            }
            if (latest == Long.MIN_VALUE) {
                skipped++; // its evidence was all history (an update or a resolution of an older incident)
                continue;
            }
            double passedBoundary = wall0 + (boundary - liveFrom) / speed;
            double watermarkCanPass = wall0 + (boundary + ooo - liveFrom) / speed;
            long seen = firstSeen.get(id);
            rows.add(new double[] {(passedBoundary - latestAppend) / 1000, (watermarkCanPass - passedBoundary) / 1000,
                    (seen - watermarkCanPass) / 1000, (seen - latestAppend) / 1000.0});
        }
        System.out.printf(Locale.ROOT, "alerts=%d%nskipped=%d%n", rows.size(), skipped);
        String[] names = {"slide_wait", "watermark_wait", "processing_and_sink", "total"};
        for (int k = 0; k < names.length; k++) {
            double[] v = new double[rows.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = rows.get(i)[k];
            }
            Arrays.sort(v);
            System.out.printf(Locale.ROOT, "%s_p50=%.2f%n%s_p99=%.2f%n%s_max=%.2f%n", names[k], pct(v, 0.50), names[k],
                    pct(v, 0.99), names[k], v.length == 0 ? Double.NaN : v[v.length - 1]);
        }
        System.out.printf(Locale.ROOT, "design_bound_s=%.2f%n", (slide + ooo) / speed / 1000);
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, Rec r, Map<String, Long> appendedAt,
            AtomicLong refused, AtomicReference<Exception> firstRefusal) {
        Callback cb = (meta, e) -> {
            if (e != null) {
                refused.incrementAndGet();
                firstRefusal.compareAndSet(null, e);
            } else if (appendedAt != null) {
                appendedAt.put(r.id, System.currentTimeMillis()); // acknowledged: appended to the log
            }
        };
        producer.send(new ProducerRecord<>(r.complaint ? "complaints" : "outages", null, r.eventTime,
                r.id.getBytes(StandardCharsets.UTF_8), r.value), cb);
    }

    /** Waits until the job has indexed about as many complaints as the history holds (its count stops growing). */
    private static void awaitIndexed(String es, long complaints) throws Exception {
        long last = -1;
        int still = 0;
        long t0 = System.currentTimeMillis();
        while (true) {
            Thread.sleep(2_000);
            long n = count(es);
            System.err.printf("alert-latency: %,d of ~%,d history complaints indexed (%d s)%n", n, complaints,
                    (System.currentTimeMillis() - t0) / 1000);
            still = n == last && n >= complaints * 0.95 ? still + 1 : 0;
            if (still >= 3) {
                return;
            }
            last = n;
        }
    }

    private static long count(String es) throws Exception {
        String body = get(es + "/hotspot-complaints/_count");
        return body == null ? 0 : JSON.readTree(body).path("count").asLong();
    }

    private static void poll(String es, Map<String, Long> firstSeen, Map<String, JsonNode> docs) {
        while (!Thread.currentThread().isInterrupted()) {
            pollOnce(es, firstSeen, docs);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void pollOnce(String es, Map<String, Long> firstSeen, Map<String, JsonNode> docs) {
        try {
            String body = get(es + "/hotspot-alerts/_search?size=10000&_source=alert_id,window_end,evidence");
            if (body == null) {
                return;
            }
            long now = System.currentTimeMillis();
            for (JsonNode hit : JSON.readTree(body).path("hits").path("hits")) {
                String id = hit.path("_id").asText();
                synchronized (firstSeen) {
                    if (!firstSeen.containsKey(id)) {
                        firstSeen.put(id, now);
                        docs.put(id, hit.path("_source"));
                    }
                }
            }
        } catch (Exception e) {
            System.err.println("alert-latency: poll failed: " + e.getMessage());
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? r.body() : null;
    }

    private static long durationMillis(String s) {
        return org.powerhotspots.detect.DetectionConfig.parseDuration(s);
    }

    private static void read(Path file, boolean complaint, List<Rec> out) throws IOException {
        RecordDecoder decoder = new RecordDecoder();
        RecordCodec<Complaint> cc = RecordCodec.complaints();
        RecordCodec<Outage> oc = RecordCodec.outages();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                Decoded d = complaint ? decoder.complaintFromJson(line, new RecordDecoder.Origin(file.toString(), -1, n))
                        : decoder.outageFromJson(line, new RecordDecoder.Origin(file.toString(), -1, n));
                if (d.complaint != null) {
                    out.add(new Rec(d.complaint.complaintId, d.complaint.receivedAt, true,
                            cc.encode(ReplayToKafka.toAvro(d.complaint))));
                } else if (d.outage != null) {
                    out.add(new Rec(d.outage.outageId, d.outage.eventTime(), false,
                            oc.encode(ReplayToKafka.toAvro(d.outage))));
                } // invalid records: the dead-letter path is not what this measures
            }
        }
    }

    /** A valid record, its event time (also when it is sent, relative to the replay's start) and its Avro bytes. */
    private record Rec(String id, long eventTime, boolean complaint, byte[] value) {}
}
