package org.powerhotspots.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.elasticsearch.client.RestClient;
import org.powerhotspots.elasticsearch.ElasticsearchClients;
import org.powerhotspots.region.Regions;

/**
 * Writes the planner alert report (one self-contained HTML file) from Elasticsearch or an alerts JSON Lines file.
 * Run by {@code scripts/report}; Elasticsearch credentials come from HOTSPOT_ES_API_KEY or
 * HOTSPOT_ES_USER/HOTSPOT_ES_PASSWORD, a CA certificate from HOTSPOT_ES_CA, never from the command line.
 */
public final class AlertReport {
    private static final int MAX_ALERTS = 500;

    private AlertReport() {}

    /**
     * Parsed command line. {@code openOnly}: only open alerts; {@code fallBackToAll}: the default, open alerts or,
     * when none is open (a backfill whose incidents all ended), every alert of the period, saying so.
     */
    record Options(Path out, Path alertsFile, String esUrl, boolean openOnly, boolean fallBackToAll) {
        static Options parse(String[] args) {
            Path out = null;
            Path alerts = null;
            String es = null;
            boolean openOnly = true;
            boolean fallBack = true;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--out" -> out = Path.of(value(args, ++i, a));
                    case "--alerts" -> alerts = Path.of(value(args, ++i, a));
                    case "--es" -> es = value(args, ++i, a);
                    case "--status" -> {
                        String s = value(args, ++i, a);
                        if (!s.equals("open") && !s.equals("all")) {
                            throw new IllegalArgumentException("--status must be open or all, not " + s);
                        }
                        openOnly = s.equals("open");
                        fallBack = false; // asked for: exactly that
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + a);
                }
            }
            if (out == null) {
                throw new IllegalArgumentException("--out FILE.html is required");
            }
            if (alerts != null && es != null) {
                throw new IllegalArgumentException("give --alerts FILE or --es URL, not both");
            }
            return new Options(out, alerts, alerts == null && es == null ? "http://127.0.0.1:9200" : es, openOnly,
                    fallBack);
        }

        private static String value(String[] args, int i, String flag) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return args[i];
        }
    }

    public static void main(String[] args) {
        try {
            Options options = Options.parse(args);
            int n = write(options);
            System.err.println("wrote " + options.out() + " (" + n + " alerts)");
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Builds the report for the options and writes it; returns the number of alerts shown. */
    static int write(Options o) throws IOException {
        List<ReportAlert> alerts;
        String source;
        if (o.alertsFile() != null) {
            if (!Files.isReadable(o.alertsFile())) {
                throw new IOException("cannot read the alerts file " + o.alertsFile());
            }
            System.err.println("reading alerts from " + o.alertsFile());
            alerts = AlertSources.fromFile(o.alertsFile());
            source = "file " + o.alertsFile().getFileName();
        } else {
            ElasticsearchClients.Connection c = new ElasticsearchClients.Connection(o.esUrl(),
                    System.getenv("HOTSPOT_ES_API_KEY"), System.getenv("HOTSPOT_ES_USER"),
                    System.getenv("HOTSPOT_ES_PASSWORD"), System.getenv("HOTSPOT_ES_CA"));
            System.err.println("querying hotspot-alerts on " + c);
            try (RestClient es = ElasticsearchClients.restClient(c)) {
                alerts = AlertSources.fromElasticsearch(es, o.openOnly(), MAX_ALERTS);
                if (alerts.isEmpty() && o.openOnly() && o.fallBackToAll()) {
                    alerts = AlertSources.fromElasticsearch(es, false, MAX_ALERTS);
                }
            } catch (java.net.ConnectException e) {
                throw new IOException("Elasticsearch is not reachable at " + o.esUrl() + " (" + e.getMessage() + ")");
            }
            source = "Elasticsearch " + o.esUrl();
        }
        List<ReportAlert> shown = new ArrayList<>();
        for (ReportAlert a : alerts) {
            if (!o.openOnly() || a.isOpen()) {
                shown.add(a);
            }
        }
        String which = o.openOnly() ? "open alerts" : "all alerts";
        if (shown.isEmpty() && o.openOnly() && o.fallBackToAll() && !alerts.isEmpty()) {
            // Nothing open (every incident of the period has ended): the period's alerts are what a planner wants.
            shown.addAll(alerts);
            which = "no alert is open: the period's " + alerts.size() + " alerts, all resolved";
        }
        shown.sort(AlertSources.ORDER);
        String html = new ReportPage(Regions.bundled()).render(shown, source + ", " + which, Instant.now());
        Path parent = o.out().toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(o.out(), html, StandardCharsets.UTF_8);
        return shown.size();
    }
}
