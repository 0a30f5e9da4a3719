package org.powerhotspots.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.powerhotspots.testing.ProjectPaths;

/** scripts/dashboards import talks to Kibana's _import API as Kibana expects, and reports rejections clearly. */
class DashboardsImportScriptTest {
    private static final String SECRET = "pa55-word-never-printed";
    private HttpServer kibana;
    private final List<String> requests = new ArrayList<>();

    private int fakeKibana(int status, String answer) throws IOException {
        kibana = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        kibana.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\nxsrf="
                    + exchange.getRequestHeaders().getFirst("kbn-xsrf") + "\nauth="
                    + exchange.getRequestHeaders().getFirst("Authorization") + "\n" + body);
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        kibana.start();
        return kibana.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (kibana != null) {
            kibana.stop(0);
        }
    }

    @Test
    void importPostsEveryObjectWithOverwriteXsrfAndBasicAuth() throws Exception {
        int port = fakeKibana(200, "{\"success\":true,\"successCount\":21,\"successResults\":[]}");
        Result r = run("import", "--kibana", "http://127.0.0.1:" + port, "--user", "elastic", "--password", SECRET,
                "--space", "planning");
        assertEquals(0, r.exit(), r.output());
        assertEquals(1, requests.size());
        String request = requests.get(0);
        assertTrue(request.startsWith("POST /s/planning/api/saved_objects/_import?overwrite=true"), request);
        assertTrue(request.contains("xsrf=true"), "kbn-xsrf header missing");
        String basic = Base64.getEncoder().encodeToString(("elastic:" + SECRET).getBytes(StandardCharsets.UTF_8));
        assertTrue(request.contains("auth=Basic " + basic), "basic auth missing");
        for (String id : List.of("\"id\":\"hotspot-analyst\"", "\"id\":\"hotspot-planner\"", "\"id\":\"hotspot-alerts\"")) {
            assertTrue(request.contains(id), "upload lacks " + id);
        }
        assertFalse(r.output().contains(SECRET), "the password was printed");
    }

    @Test
    void rejectedObjectsFailTheImportAndAreNamed() throws Exception {
        int port = fakeKibana(200, """
                {"success":false,"successCount":20,"errors":[{"id":"hotspot-map","type":"map","title":"Alerts map",
                 "error":{"type":"missing_references","references":[{"type":"index-pattern","id":"hotspot-alerts"}]}}]}
                """);
        Result r = run("import", "--kibana", "http://127.0.0.1:" + port, "--api-key", SECRET);
        assertNotEquals(0, r.exit());
        assertTrue(r.output().contains("map/hotspot-map"), r.output());
        assertTrue(r.output().contains("missing_references"), r.output());
        assertTrue(requests.get(0).contains("auth=ApiKey " + SECRET), "api key header missing");
        assertFalse(r.output().contains(SECRET), "the api key was printed");
    }

    @Test
    void unreachableKibanaIsAClearError() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Result r = run("import", "--kibana", "http://127.0.0.1:" + port, "--user", "elastic", "--password", SECRET);
        assertNotEquals(0, r.exit());
        assertTrue(r.output().contains("not reachable"), r.output());
        assertFalse(r.output().contains(SECRET));
    }

    record Result(int exit, String output) {}

    private static Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", ProjectPaths.root().resolve("scripts/dashboards").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("scripts/dashboards did not finish");
        }
        return new Result(p.exitValue(), out);
    }
}
