package org.powerhotspots.sim.score;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command line of scripts/eval-surge's last step: the oracle comparison rows of several seeds, per seed and in all. */
public final class OracleSummary {
    private OracleSummary() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: OracleSummary ROWS.tsv... (written by scripts/score --oracle-rows)");
            System.exit(2);
        }
        List<OracleComparison.Row> all = new ArrayList<>();
        Map<String, List<OracleComparison.Row>> bySeed = new LinkedHashMap<>();
        for (String a : args) {
            for (String line : Files.readAllLines(Path.of(a), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    OracleComparison.Row row = OracleComparison.Row.parse(line);
                    all.add(row);
                    bySeed.computeIfAbsent(row.seed(), k -> new ArrayList<>()).add(row);
                }
            }
        }
        bySeed.forEach((seed, rows) -> System.out.print("seed " + seed + ": " + OracleComparison.summary(rows)));
        Map<String, List<OracleComparison.Row>> byScenario = new LinkedHashMap<>();
        all.forEach(r -> byScenario.computeIfAbsent(r.scenario(), k -> new ArrayList<>()).add(r));
        byScenario.forEach((s, rows) -> System.out.print("scenario " + s + ": " + OracleComparison.summary(rows)));
        System.out.print("all " + bySeed.size() + " seeds: " + OracleComparison.summary(all));
    }
}
