package org.powerhotspots.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Elasticsearch's own ingest rate on this machine for the job's documents: reads every document of one index
 * (scroll), then times a plain bulk load of the same documents into a fresh index of the same template, with the
 * job's batch size and as many concurrent requests as the job has sink writers. Prints {@code key=value} lines.
 */
public final class ElasticsearchBulkLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ElasticsearchBulkLoad() {}

    public static void main(String[] args) throws Exception {
        String es = args[0];
        String source = args[1];
        String target = args[2];
        int writers = Integer.parseInt(args[3]);
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
        List<String> bodies = read(es, source, target, batch);
        long docs = (long) bodies.size() * batch;
        send(es, "DELETE", "/" + target + "?ignore_unavailable=true", null);
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Integer>> sent = new ArrayList<>();
        for (String body : bodies) {
            sent.add(pool.submit(() -> bulk(es, body)));
        }
        long indexed = 0;
        for (Future<Integer> f : sent) {
            indexed += f.get();
        }
        pool.shutdown();
        send(es, "POST", "/" + target + "/_refresh", null);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf("es-bulk: %,d documents (of ~%,d read) in %.1f s%n", indexed, docs, seconds);
        System.out.printf("bulk_docs=%d%nbulk_seconds=%.2f%nbulk_per_s=%.0f%n", indexed, seconds, indexed / seconds);
    }

    /** Every document of the index as bulk bodies of {@code batch} index actions into {@code target}. */
    private static List<String> read(String es, String index, String target, int batch) throws IOException, InterruptedException {
        List<String> bodies = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        int inBody = 0;
        JsonNode page = JSON.readTree(send(es, "POST", "/" + index + "/_search?scroll=2m",
                "{\"size\":5000,\"sort\":[\"_doc\"]}"));
        while (page.path("hits").path("hits").size() > 0) {
            for (JsonNode hit : page.path("hits").path("hits")) {
                body.append("{\"index\":{\"_index\":\"").append(target).append("\",\"_id\":")
                        .append(JSON.writeValueAsString(hit.path("_id").asText())).append("}}\n")
                        .append(JSON.writeValueAsString(hit.path("_source"))).append('\n');
                if (++inBody == batch) {
                    bodies.add(body.toString());
                    body.setLength(0);
                    inBody = 0;
                }
            }
            page = JSON.readTree(send(es, "POST", "/_search/scroll",
                    "{\"scroll\":\"2m\",\"scroll_id\":\"" + page.path("_scroll_id").asText() + "\"}"));
        }
        if (inBody > 0) {
            bodies.add(body.toString());
        }
        return bodies;
    }

    private static int bulk(String es, String body) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(es + "/_bulk"))
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 429 && attempt < 10) {
                Thread.sleep(200L << Math.min(attempt, 5)); // Elasticsearch asks to slow down: as the job's sink does
                continue;
            }
            if (r.statusCode() >= 300) {
                throw new IOException("bulk refused: HTTP " + r.statusCode());
            }
            JsonNode items = JSON.readTree(r.body()).path("items");
            int ok = 0;
            for (JsonNode item : items) {
                ok += item.path("index").path("status").asInt() < 300 ? 1 : 0;
            }
            return ok;
        }
    }

    private static String send(String es, String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(es + path)).header("Content-Type", "application/json");
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300 && !(method.equals("DELETE") && r.statusCode() == 404)) {
            throw new IOException(method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
