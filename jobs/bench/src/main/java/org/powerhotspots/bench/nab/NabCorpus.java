package org.powerhotspots.bench.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Reads NAB data files ({@code data/<dir>/<file>.csv}) and their windows ({@code labels/combined_windows.json}). */
public final class NabCorpus {

    /** "2015-03-03 04:37:53" in the CSVs, "2015-03-03 04:37:53.000000" in the labels. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private NabCorpus() {
    }

    /** NAB timestamps carry no zone; they are read as UTC so that arithmetic on them is plain. */
    static long parseTimestamp(String text) {
        return LocalDateTime.parse(text.trim(), TIMESTAMP).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /**
     * Loads every labelled file whose relative path (e.g. {@code realTweets/Twitter_volume_AAPL.csv})
     * is accepted, sorted by path. Fails when a window limit is not a row timestamp, as NAB's labeler does.
     */
    public static List<NabSeries> load(Path root, Predicate<String> include) {
        Map<String, List<NabWindow>> windows = readWindows(root.resolve("labels").resolve("combined_windows.json"));
        List<NabSeries> out = new ArrayList<>();
        for (Map.Entry<String, List<NabWindow>> e : windows.entrySet()) {
            String relativePath = e.getKey();
            Path csv = root.resolve("data").resolve(relativePath);
            if (!include.test(relativePath) || !Files.isRegularFile(csv)) {
                continue;
            }
            NabSeries series = readSeries(relativePath, csv, e.getValue());
            checkWindowLimitsAreRows(series);
            out.add(series);
        }
        return out;
    }

    static Map<String, List<NabWindow>> readWindows(Path labelsFile) {
        try {
            JsonNode tree = new ObjectMapper().readTree(labelsFile.toFile());
            Map<String, List<NabWindow>> out = new TreeMap<>();
            for (Map.Entry<String, JsonNode> file : tree.properties()) {
                List<NabWindow> list = new ArrayList<>();
                for (JsonNode limits : file.getValue()) {
                    list.add(new NabWindow(parseTimestamp(limits.get(0).asText()), parseTimestamp(limits.get(1).asText())));
                }
                out.put(file.getKey(), list);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read NAB labels " + labelsFile, e);
        }
    }

    static NabSeries readSeries(String relativePath, Path csv, List<NabWindow> windows) {
        List<String> lines;
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            lines = reader.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read NAB data file " + csv, e);
        }
        long[] timestamps = new long[lines.size()];
        double[] values = new double[lines.size()];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || (i == 0 && line.startsWith("timestamp"))) {
                continue;
            }
            int comma = line.indexOf(',');
            if (comma < 0) {
                throw new IllegalArgumentException(csv + ":" + (i + 1) + ": expected timestamp,value");
            }
            timestamps[n] = parseTimestamp(line.substring(0, comma));
            values[n] = Double.parseDouble(line.substring(comma + 1).trim());
            n++;
        }
        return new NabSeries(relativePath, Arrays.copyOf(timestamps, n), Arrays.copyOf(values, n), windows);
    }

    private static void checkWindowLimitsAreRows(NabSeries series) {
        long[] sorted = series.timestamps().clone();
        Arrays.sort(sorted);
        for (NabWindow w : series.windows()) {
            if (Arrays.binarySearch(sorted, w.startMillis()) < 0 || Arrays.binarySearch(sorted, w.endMillis()) < 0) {
                throw new IllegalArgumentException("a window limit of " + series.relativePath()
                        + " is not a row timestamp; labels and data do not belong together");
            }
        }
    }
}
