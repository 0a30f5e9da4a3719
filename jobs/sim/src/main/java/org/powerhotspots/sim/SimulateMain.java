package org.powerhotspots.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Command line of scripts/simulate: writes complaints.jsonl, outages.jsonl, truth.jsonl and meta.json to a folder. */
public final class SimulateMain {

    private SimulateMain() {}

    public static void main(String[] args) throws IOException {
        Simulator.Config defaults = Simulator.Config.defaults();
        Path out = null;
        String province = defaults.province();
        LocalDate start = defaults.start();
        int weeks = defaults.weeks();
        long seed = defaults.seed();
        double rate = defaults.complaintsPerDay();
        Optional<Path> regions = Optional.empty(); // the bundled region/regions.tsv of the core module
        boolean emerging = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--weeks" -> weeks = Integer.parseInt(value(args, ++i, a));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                case "--province" -> province = value(args, ++i, a);
                case "--start" -> start = LocalDate.parse(value(args, ++i, a));
                case "--rate" -> rate = Double.parseDouble(value(args, ++i, a));
                case "--regions" -> regions = Optional.of(Path.of(value(args, ++i, a)));
                case "--emerging" -> emerging = true;
                case "--kafka" -> throw new IllegalArgumentException(
                        "--kafka is not implemented yet (see SimulationSink); write files with --out");
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        if (weeks < 1 || rate <= 0 || province.length() < 2 || !province.substring(0, 2).chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("need --weeks >= 1, --rate > 0 and a numeric --province");
        }
        long t0 = System.nanoTime();
        Simulator.Config config = new Simulator.Config(province, start, weeks, seed, rate, regions, emerging);
        System.err.printf("simulate: %d weeks from %s, province %s, seed %d, ~%.0f complaints/day%s%n",
                weeks, start, province, seed, rate, emerging ? ", with emerging themes and vocabulary churn" : "");
        Simulator simulator = new Simulator(config);
        Simulator.Result result = simulator.run();
        System.err.printf("simulate: generated in %.1fs, writing %s%n", (System.nanoTime() - t0) / 1e9, out);
        RecordEmitter.Stats stats;
        try (JsonLinesSink sink = new JsonLinesSink(out)) {
            stats = new RecordEmitter(seed).emit(result, sink);
        }
        ObjectMapper mapper = new ObjectMapper();
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("truth.jsonl"), StandardCharsets.UTF_8)) {
            for (Incident incident : result.incidents()) {
                w.write(mapper.writeValueAsString(incident.toJson(mapper)));
                w.write('\n');
            }
        }
        double months = (result.endMillis() - result.startMillis()) / (30.44 * Simulator.DAY);
        ObjectNode meta = mapper.createObjectNode();
        meta.put("province", result.regions().provinceCode());
        meta.put("province_name", result.regions().provinceName());
        meta.put("counties", result.regions().counties().size());
        meta.put("cities", result.regions().cityCodes().size());
        meta.put("start", Timestamps.iso(result.startMillis()));
        meta.put("end", Timestamps.iso(result.endMillis()));
        meta.put("weeks", weeks);
        meta.put("months", Math.round(months * 1000) / 1000.0);
        meta.put("seed", seed);
        meta.put("complaints_per_day", rate);
        // What the scorer needs to generate the same world again and know its true rates (scripts/score --oracle).
        regions.ifPresent(r -> meta.put("regions", r.toAbsolutePath().toString()));
        meta.put("generated_complaints", result.complaints().size());
        if (emerging) {
            // Only when set, so meta.json without the option stays as it was.
            meta.put("emerging", true);
        }
        mapper.enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(out.resolve("meta.json"), mapper.writeValueAsString(meta) + "\n", StandardCharsets.UTF_8);
        printSummary(result, stats, out, (System.nanoTime() - t0) / 1e9);
    }

    private static void printSummary(Simulator.Result r, RecordEmitter.Stats s, Path out, double seconds)
            throws IOException {
        long unplanned = r.outages().stream().filter(o -> !o.planned()).count();
        System.out.printf("province        %s %s: %d counties in %d cities%n", r.regions().provinceCode(),
                r.regions().provinceName(), r.regions().counties().size(), r.regions().cityCodes().size());
        System.out.printf("period          %s .. %s%n", Timestamps.iso(r.startMillis()), Timestamps.iso(r.endMillis()));
        System.out.printf("complaints      %d (%.0f/day), %d bad lines, %.1f%% traditional, %.1f%% with customer_id%n",
                s.complaints(), s.complaints() / ((r.endMillis() - r.startMillis()) / (double) Simulator.DAY),
                s.badComplaints(), 100.0 * s.traditionalTexts() / s.complaints(),
                100.0 * s.withCustomer() / s.complaints());
        System.out.printf("outages         %d (%d unplanned, %d planned): %d messages = %d at start + %d at restore"
                        + " + %d duplicates; %d bad lines%n",
                r.outages().size(), unplanned, r.outages().size() - unplanned, s.outageMessages(),
                s.outageStartMessages(), s.outageRestoreMessages(), s.duplicateOutageMessages(), s.badOutages());
        Map<String, int[]> byType = new TreeMap<>();
        for (Incident i : r.incidents()) {
            int[] counts = byType.computeIfAbsent(i.type(), k -> new int[3]);
            counts[i.origin().equals("chance") ? 1 : 0]++;
            if (i.decoy()) {
                counts[2]++;
            }
        }
        System.out.printf("truth           %d incidents%n", r.incidents().size());
        byType.forEach((type, c) -> System.out.printf("  %-20s %3d injected, %3d by chance, %d decoys%n",
                type, c[0], c[1], c[2]));
        for (Incident i : r.incidents()) {
            if (i.type().equals("EMERGING_ISSUE")) {
                System.out.printf("  %-6s %-19s %-8s %s %s %s%n", i.id(), i.scenario(), i.regionLevel(), i.regionCode(),
                        i.expectAlert() ? i.complaintIds().size() + " customers" : "decoy", i.terms());
            }
        }
        for (String f : new String[] {"complaints.jsonl", "outages.jsonl", "truth.jsonl"}) {
            System.out.printf("file            %s %.1f MB%n", out.resolve(f), Files.size(out.resolve(f)) / 1e6);
        }
        System.out.printf("time            %.1f s%n", seconds);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
