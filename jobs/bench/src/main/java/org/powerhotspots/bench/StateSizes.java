package org.powerhotspots.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.powerhotspots.detect.DetectionConfig;
import org.powerhotspots.detect.Detector;
import org.powerhotspots.detect.DetectorCatalogue;
import org.powerhotspots.detect.OfflineDetection;
import org.powerhotspots.detect.StateCodec;

/**
 * Bytes of keyed state per detector, as Flink stores it (the Avro state records of {@link StateCodec}, binary):
 * runs the detectors over a simulated province, writes every core's head and entries, and prints keys, entries,
 * bytes per key and per entry, then scales them to a national utility by the counts given on the command line.
 */
public final class StateSizes {
    private StateSizes() {}

    private static final class Figures {
        long keys;
        long entries;
        long headBytes;
        long entryBytes;
        long largestKey;
    }

    public static void main(String[] args) throws Exception {
        Path sim = null;
        long provinces = 31;
        long counties = 3000;
        long customers = 10_000_000;
        long areas = 1_000_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sim" -> sim = Path.of(args[++i]);
                case "--provinces" -> provinces = Long.parseLong(args[++i]);
                case "--counties" -> counties = Long.parseLong(args[++i]);
                case "--customers" -> customers = Long.parseLong(args[++i]);
                case "--station-areas" -> areas = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--sim DIR, --provinces N, --counties N, --customers N, --station-areas N)");
            }
        }
        if (sim == null) {
            throw new IllegalArgumentException("--sim DIR is required (scripts/simulate --out DIR)");
        }
        BenchmarkData data = BenchmarkData.readSimulation(sim);
        DetectionConfig config = DetectionConfig.defaults();
        OfflineDetection detection = new OfflineDetection(config);
        // Stop at the last record's boundary: the state of a running job, incidents open.
        long last = data.lastEventTime();
        detection.run(data.complaints(), data.outages(), Math.floorDiv(last, config.surgeSlide) * config.surgeSlide);
        Map<String, Figures> byDetector = new LinkedHashMap<>();
        DetectorCatalogue.ALL.forEach(s -> byDetector.put(s.name(), new Figures()));
        long counted = 0;
        for (Map.Entry<String, Detector<?>> e : detection.cores().entrySet()) {
            String name = e.getKey().substring(0, e.getKey().indexOf('|'));
            DetectorCatalogue.Spec<?> spec = DetectorCatalogue.ALL.stream().filter(s -> s.name().equals(name))
                    .findFirst().orElseThrow();
            Figures f = byDetector.get(name);
            long bytes = measure(spec.state(), e.getValue(), f);
            f.largestKey = Math.max(f.largestKey, bytes);
            counted++;
        }
        System.out.printf(Locale.ROOT, "state of %s after %,d complaints and %,d outages (%,d keys)%n%n",
                data.description(), data.complaints().size(), data.outages().size(), counted);
        System.out.printf(Locale.ROOT, "%-18s %8s %9s %12s %12s %12s %12s%n", "detector", "keys", "entries",
                "bytes", "bytes/key", "bytes/entry", "largest key");
        for (Map.Entry<String, Figures> e : byDetector.entrySet()) {
            Figures f = e.getValue();
            long total = f.headBytes + f.entryBytes;
            System.out.printf(Locale.ROOT, "%-18s %,8d %,9d %,12d %,12d %,12d %,12d%n", e.getKey(), f.keys, f.entries,
                    total, f.keys == 0 ? 0 : total / f.keys, f.entries == 0 ? 0 : f.entryBytes / f.entries, f.largestKey);
        }
        // National scale: per-key and per-entry sizes times the national counts (pending signals not included).
        Figures surge = byDetector.get("surge");
        Figures repeat = byDetector.get("repeat-complainant");
        Figures outage = byDetector.get("outage-repeat");
        Figures cross = byDetector.get("cross-discipline");
        double surgeEntriesPerProvince = surge.keys == 0 ? 0 : (double) surge.entries / surge.keys;
        long simCounties = data.complaints().stream().map(c -> c.countyCode()).distinct().count();
        double surgeBytes = provinces * (surge.keys == 0 ? 0 : (double) surge.headBytes / surge.keys)
                + surgeEntriesPerProvince / Math.max(1, simCounties / Math.max(1, surge.keys)) * counties
                * (surge.entries == 0 ? 0 : (double) surge.entryBytes / surge.entries);
        double repeatBytes = customers * (repeat.keys == 0 ? 0 : (double) (repeat.headBytes) / repeat.keys);
        double outageEntriesPerArea = outage.entries == 0 ? 0 : (double) outage.entries
                / Math.max(1, data.outages().stream().map(o -> o.stationAreaId()).distinct().count());
        double outageBytes = counties * (outage.keys == 0 ? 0 : (double) outage.headBytes / outage.keys)
                + areas * outageEntriesPerArea * (outage.entries == 0 ? 0 : (double) outage.entryBytes / outage.entries);
        double crossBytes = counties * (cross.keys == 0 ? 0 : (double) cross.headBytes / cross.keys);
        System.out.printf(Locale.ROOT, "%nnational scale (%d provinces, %,d counties, %,d customers active in a week,"
                + " %,d station areas), scaled from the figures above:%n", provinces, counties, customers, areas);
        System.out.printf(Locale.ROOT, "  surge              %,10.1f MB   (province heads + entries per county as simulated)%n", surgeBytes / 1e6);
        System.out.printf(Locale.ROOT, "  repeat-complainant %,10.1f MB   (every active customer keyed, the upper bound)%n", repeatBytes / 1e6);
        System.out.printf(Locale.ROOT, "  outage-repeat      %,10.1f MB   (entries per station area as simulated)%n", outageBytes / 1e6);
        System.out.printf(Locale.ROOT, "  cross-discipline   %,10.1f MB   (a head per county, the upper bound)%n", crossBytes / 1e6);
        System.out.printf(Locale.ROOT, "  total              %,10.1f MB%n", (surgeBytes + repeatBytes + outageBytes + crossBytes) / 1e6);
    }

    private static <S, H extends SpecificRecord, E extends SpecificRecord> long measure(StateCodec<S, H, E> codec,
            Detector<?> raw, Figures f) throws IOException {
        @SuppressWarnings("unchecked")
        Detector<S> core = (Detector<S>) raw;
        core.takePending();
        StateCodec.Snapshot<H, E> snapshot = codec.snapshot(core);
        long head = size(snapshot.head());
        long entries = 0;
        for (E e : snapshot.entries().values()) {
            entries += size(e);
        }
        f.keys++;
        f.entries += snapshot.entries().size();
        f.headBytes += head;
        f.entryBytes += entries;
        return head + entries;
    }

    private static long size(SpecificRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        @SuppressWarnings("unchecked")
        SpecificDatumWriter<SpecificRecord> writer = new SpecificDatumWriter<>((Class<SpecificRecord>) record.getClass());
        writer.write(record, encoder);
        encoder.flush();
        return out.size();
    }
}
