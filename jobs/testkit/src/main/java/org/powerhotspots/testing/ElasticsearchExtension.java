package org.powerhotspots.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives *IT tests a real Elasticsearch: the one named by {@code HOTSPOT_TEST_ES_URL}, or one started
 * once per test run from the same Maven Central distribution as {@code scripts/stack}, on a free port.
 */
public final class ElasticsearchExtension implements BeforeAllCallback {
    private static volatile String url;
    private static volatile Path dataDir;

    /** The base URL of the test Elasticsearch, e.g. {@code http://127.0.0.1:41234}. */
    public static String url() {
        if (url == null) {
            throw new IllegalStateException("annotate the test with @ExtendWith(ElasticsearchExtension.class)");
        }
        return url;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Server server = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Server.class, k -> new Server(), Server.class);
        url = server.url;
        dataDir = server.dir;
    }

    /** The pid of the test Elasticsearch this extension started (to freeze it with SIGSTOP in a fault test). */
    public static long pid() throws IOException {
        if (dataDir == null) {
            throw new IllegalStateException("Elasticsearch was not started by this extension (HOTSPOT_TEST_ES_URL)");
        }
        Path runDir = Files.isRegularFile(dataDir.resolve("rundir"))
                ? Path.of(Files.readString(dataDir.resolve("rundir")).trim()) : dataDir;
        return Long.parseLong(Files.readString(runDir.resolve("es.pid")).trim());
    }

    /** Started once, closed by JUnit when the whole run ends. */
    /** Documents in an index or alias after a refresh, optionally matching a query ({@code null}: all). */
    public static long count(String indexOrAlias, String queryJson) throws IOException {
        try (org.elasticsearch.client.RestClient es = org.powerhotspots.elasticsearch.ElasticsearchClients.restClient(
                org.powerhotspots.elasticsearch.ElasticsearchClients.Connection.of(url()))) {
            es.performRequest(new org.elasticsearch.client.Request("POST", "/" + indexOrAlias + "/_refresh"));
            org.elasticsearch.client.Request r = new org.elasticsearch.client.Request("POST", "/" + indexOrAlias + "/_count");
            if (queryJson != null) {
                r.setJsonEntity("{\"query\":" + queryJson + "}");
            }
            try (java.io.InputStream in = es.performRequest(r).getEntity().getContent()) {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).path("count").asLong();
            }
        }
    }

    static final class Server implements ExtensionContext.Store.CloseableResource {
        final String url;
        private final Path dir;
        private final int port;
        private final boolean started;

        Server() {
            String given = System.getenv("HOTSPOT_TEST_ES_URL");
            if (given != null && !given.isBlank()) {
                url = given;
                dir = null;
                port = -1;
                started = false;
                return;
            }
            port = freePort();
            dir = Paths.get("target", "it-elasticsearch").toAbsolutePath();
            run("start");
            url = "http://127.0.0.1:" + port;
            started = true;
        }

        @Override
        public void close() {
            if (started) {
                run("stop");
            }
        }

        private void run(String command) {
            Path script = ProjectPaths.root().resolve("scripts/lib/es-test-server");
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), command, dir.toString(), String.valueOf(port))
                    .inheritIO();
            String esHome = System.getProperty("hotspot.es.home");
            if (esHome != null && Files.isDirectory(Paths.get(esHome))) {
                pb.environment().put("HOTSPOT_ES_HOME", esHome);
            }
            try {
                Process p = pb.start();
                if (!p.waitFor(240, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IllegalStateException("es-test-server " + command + " failed; see output above");
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + script, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static int freePort() {
        // Elasticsearch also binds port+100 for transport; pick a base with room above it.
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket s = new ServerSocket(0)) {
                int p = s.getLocalPort();
                if (p + 100 < 65535) {
                    return p;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no free port");
    }
}
