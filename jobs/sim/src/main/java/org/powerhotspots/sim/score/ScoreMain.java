package org.powerhotspots.sim.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.powerhotspots.domain.RegionCode;

/** Command line of scripts/score: a report, exit 0, unless an input cannot be read (exit 2). */
public final class ScoreMain {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ScoreMain() {}

    public static void main(String[] args) {
        Path truthPath = null;
        Path alertsPath = null;
        Integer counties = null;
        Double months = null;
        double graceHours = 6;
        boolean oracle = false;
        Path oracleRows = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--truth" -> truthPath = Path.of(args[++i]);
                    case "--alerts" -> alertsPath = Path.of(args[++i]);
                    case "--counties" -> counties = Integer.parseInt(args[++i]);
                    case "--months" -> months = Double.parseDouble(args[++i]);
                    case "--grace-hours" -> graceHours = Double.parseDouble(args[++i]);
                    case "--oracle" -> oracle = true;
                    case "--oracle-rows" -> {
                        oracle = true;
                        oracleRows = Path.of(args[++i]);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (truthPath == null || alertsPath == null) {
                throw new IllegalArgumentException("--truth FILE and --alerts FILE are required");
            }
        } catch (RuntimeException e) {
            System.err.println("score: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<TruthIncident> truth = new ArrayList<>();
        List<JsonNode> alertLines;
        try {
            for (JsonNode n : readLines(truthPath, "truth")) {
                truth.add(TruthIncident.fromJson(n));
            }
            alertLines = readLines(alertsPath, "alerts");
        } catch (IOException | RuntimeException e) {
            System.err.println("score: cannot read input: " + e.getMessage());
            System.exit(2);
            return;
        }
        JsonNode meta = readMeta(truthPath.toAbsolutePath().getParent().resolve("meta.json"));
        if (counties == null) {
            counties = meta != null && meta.hasNonNull("counties") ? meta.get("counties").asInt() : countiesIn(truth);
        }
        if (months == null) {
            months = meta != null && meta.hasNonNull("months") ? meta.get("months").asDouble() : monthsSpanned(truth);
        }
        List<ScoredAlert> alerts = ScoredAlert.merge(alertLines);
        System.err.printf("score: %d incidents, %d alert lines, %d distinct alerts%n", truth.size(),
                alertLines.size(), alerts.size());
        Scorer scorer = new Scorer((long) (graceHours * 3_600_000));
        ScoreReport report = scorer.score(truth, alerts, counties, months);
        System.out.print(report.format());
        if (oracle) {
            try {
                long t0 = System.nanoTime();
                OracleComparison.Result compared = OracleComparison.compare(meta, truth, report, scorer, counties, months);
                System.out.print(OracleComparison.format(compared));
                System.err.printf("score: oracle in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                if (oracleRows != null) {
                    OracleComparison.writeRows(oracleRows, compared.rows());
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("score: --oracle: " + e.getMessage());
                System.exit(2);
            }
        }
    }

    /** One JSON object per line; blank lines skipped; a broken line is an unreadable input. */
    static List<JsonNode> readLines(Path path, String what) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(MAPPER.readTree(line));
                } catch (IOException e) {
                    throw new IOException(what + " line " + number + " is not JSON: " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    private static JsonNode readMeta(Path path) {
        try {
            return Files.isReadable(path) ? MAPPER.readTree(path.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static int countiesIn(List<TruthIncident> truth) {
        Set<String> set = new HashSet<>();
        for (TruthIncident i : truth) {
            if (RegionCode.isValid(i.regionCode()) && RegionCode.levelOf(i.regionCode()) == RegionCode.AdminLevel.COUNTY) {
                set.add(i.regionCode());
            }
        }
        return Math.max(1, set.size());
    }

    private static double monthsSpanned(List<TruthIncident> truth) {
        long min = truth.stream().mapToLong(TruthIncident::start).min().orElse(0);
        long max = truth.stream().mapToLong(TruthIncident::end).max().orElse(0);
        return Math.max(1.0 / 30, (max - min) / (30.44 * 86_400_000.0));
    }
}
