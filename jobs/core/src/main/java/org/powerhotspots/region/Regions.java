package org.powerhotspots.region;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.powerhotspots.domain.RegionCode;
import org.powerhotspots.domain.RegionCode.AdminLevel;

/** The GB/T 2260 region table shipped in {@code region/regions.tsv} (see SOURCES.md beside it). */
public final class Regions implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    static final String RESOURCE = "/region/regions.tsv";

    // Everything is rebuilt from the resource after deserialization: only the proxy travels.
    private final transient Map<String, Region> byCode;
    private final transient Map<String, List<Region>> countiesByPrefix;

    private Regions(Map<String, Region> byCode, Map<String, List<Region>> countiesByPrefix) {
        this.byCode = byCode;
        this.countiesByPrefix = countiesByPrefix;
    }

    /** The bundled table, loaded once per JVM. */
    public static Regions bundled() {
        return Bundled.INSTANCE;
    }

    /**
     * The region of a 6-digit code. Never null: a code missing from the data is named by itself, its
     * parents are found by its digits, and it takes the point of its nearest known parent.
     *
     * @throws IllegalArgumentException when {@code code} is not six ASCII digits
     */
    public Region lookup(String code) {
        if (!RegionCode.isValid(code)) {
            throw new IllegalArgumentException("not a 6-digit region code: " + code);
        }
        Region region = byCode.get(code);
        return region != null ? region : unknown(code);
    }

    /**
     * The known counties of a province or city (for a county code: that county), by code.
     *
     * @throws IllegalArgumentException when {@code provinceOrCityCode} is not six ASCII digits
     */
    public List<Region> countiesOf(String provinceOrCityCode) {
        if (!RegionCode.isValid(provinceOrCityCode)) {
            throw new IllegalArgumentException("not a 6-digit region code: " + provinceOrCityCode);
        }
        return countiesByPrefix.getOrDefault(prefixOf(provinceOrCityCode), List.of());
    }

    /** Number of regions in the table. */
    public int size() {
        return byCode.size();
    }

    private Region unknown(String code) {
        AdminLevel level = RegionCode.levelOf(code);
        String provinceCode = RegionCode.provinceOf(code);
        String cityCode = cityCodeOf(code, level);
        Region province = byCode.get(provinceCode);
        Region city = cityCode == null ? null : byCode.get(cityCode);
        Region pointFrom = city != null && city.hasPoint() ? city : province;
        return new Region(
                code,
                code,
                level,
                level == AdminLevel.CITY ? code : cityCode,
                provinceCode,
                level == AdminLevel.CITY ? code : city != null ? city.name() : cityCode,
                province != null ? province.name() : provinceCode,
                pointFrom == null ? null : pointFrom.lat(),
                pointFrom == null ? null : pointFrom.lon(),
                false);
    }

    /** The city a code sits in by its digits, or null for a province or a county with no city digits. */
    private static String cityCodeOf(String code, AdminLevel level) {
        if (level == AdminLevel.PROVINCE) {
            return null;
        }
        String city = RegionCode.cityOf(code);
        return city.equals(RegionCode.provinceOf(code)) ? null : city;
    }

    private static String prefixOf(String code) {
        return switch (RegionCode.levelOf(code)) {
            case PROVINCE -> code.substring(0, 2);
            case CITY -> code.substring(0, 4);
            case COUNTY -> code;
        };
    }

    static Regions load(InputStream tsv) throws IOException {
        Map<String, Row> rows = new TreeMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(tsv, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header == null || !header.startsWith("code\tname\tlevel\tparent_code\tlat\tlon")) {
                throw new IOException("unexpected header in region table: " + header);
            }
            String line;
            int lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length < 6 || !RegionCode.isValid(f[0])) {
                    throw new IOException("bad region row at line " + lineNumber + ": " + line);
                }
                rows.put(f[0], new Row(f[0], f[1], AdminLevel.valueOf(f[2]), parseDegrees(f[4]), parseDegrees(f[5])));
            }
        }

        Map<String, Region> byCode = new HashMap<>(rows.size() * 2);
        Map<String, List<Region>> counties = new HashMap<>();
        for (Row row : rows.values()) {
            String provinceCode = RegionCode.provinceOf(row.code);
            String cityCode = row.level == AdminLevel.CITY ? row.code : cityCodeOf(row.code, row.level);
            Row province = rows.get(provinceCode);
            Row city = cityCode == null ? null : rows.get(cityCode);
            // A county without a point of its own is drawn at its city, else at its province.
            Row pointFrom = row.hasPoint() ? row : city != null && city.hasPoint() ? city : province;
            Region region = new Region(
                    row.code,
                    row.name,
                    row.level,
                    cityCode,
                    provinceCode,
                    cityCode == null ? null : city != null ? city.name : cityCode,
                    province != null ? province.name : provinceCode,
                    pointFrom == null ? null : pointFrom.lat,
                    pointFrom == null ? null : pointFrom.lon,
                    true);
            byCode.put(row.code, region);
            if (row.level == AdminLevel.COUNTY) {
                counties.computeIfAbsent(row.code.substring(0, 2), k -> new ArrayList<>()).add(region);
                counties.computeIfAbsent(row.code.substring(0, 4), k -> new ArrayList<>()).add(region);
                counties.put(row.code, List.of(region));
            }
        }
        counties.replaceAll((prefix, list) -> Collections.unmodifiableList(list));
        return new Regions(Collections.unmodifiableMap(byCode), counties);
    }

    private static Double parseDegrees(String text) {
        return text.isEmpty() ? null : Double.valueOf(text);
    }

    private record Row(String code, String name, AdminLevel level, Double lat, Double lon) {
        boolean hasPoint() {
            return lat != null && lon != null;
        }
    }

    @Serial
    private Object writeReplace() throws java.io.NotSerializableException {
        if (this != bundled()) {
            throw new java.io.NotSerializableException("only the bundled region table is serializable");
        }
        return new BundledProxy();
    }

    @Serial
    private void readObject(ObjectInputStream in) throws java.io.InvalidObjectException {
        throw new java.io.InvalidObjectException("Regions travels as its proxy");
    }

    /** Stands in for the bundled table when serialized: a few bytes instead of the whole table. */
    private static final class BundledProxy implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() {
            return bundled();
        }
    }

    private static final class Bundled {
        static final Regions INSTANCE = loadBundled();

        private static Regions loadBundled() {
            try (InputStream in = Regions.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("region table missing from classpath: " + RESOURCE);
                }
                return load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read region table " + RESOURCE, e);
            }
        }
    }
}
