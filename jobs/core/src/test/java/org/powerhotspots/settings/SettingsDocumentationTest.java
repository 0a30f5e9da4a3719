package org.powerhotspots.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.powerhotspots.config.HotspotConfig;
import org.powerhotspots.detect.DetectionConfig;

/** The declared settings, their documentation and their one duration grammar agree. */
class SettingsDocumentationTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z][A-Za-z0-9.-]*)` \\| `([^`]*)`");

    /** key → default of every "| `key` | `default` | …" row of a markdown file. */
    private static Map<String, String> documentedKeys(String doc) throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(repositoryRoot().resolve(doc), StandardCharsets.UTF_8)) {
            Matcher m = ROW.matcher(line);
            if (m.find() && m.group(1).contains(".")) {
                rows.put(m.group(1), m.group(2));
            }
        }
        return rows;
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs")) && Files.isRegularFile(p.resolve("conf/hotspot.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    @Test
    void operationsDocListsEveryJobKeyWithItsRealDefault() throws IOException {
        Map<String, String> documented = documentedKeys("docs/operations.md");
        for (Settings.Setting s : Settings.all()) {
            if (!s.detection()) {
                assertEquals(s.defaultValue(), documented.get(s.key()), "docs/operations.md row of " + s.key());
            }
        }
        documented.keySet().forEach(k -> assertTrue(Settings.get(k) != null && !Settings.get(k).detection(),
                "docs/operations.md documents " + k + ", which is no job setting"));
    }

    @Test
    void detectionDocListsEveryDetectionKeyWithItsRealDefault() throws IOException {
        Map<String, String> documented = documentedKeys("docs/detection.md");
        for (Settings.Setting s : Settings.all()) {
            if (s.detection()) {
                assertEquals(s.defaultValue(), documented.get(s.key()), "docs/detection.md row of " + s.key());
            }
        }
        documented.keySet().forEach(k -> assertTrue(Settings.get(k) != null && Settings.get(k).detection(),
                "docs/detection.md documents " + k + ", which is no detection setting"));
    }

    @Test
    void everyDeclaredDefaultIsValidAndTheDetectionConfigUsesTheDeclaredDefaults() {
        HotspotConfig config = HotspotConfig.defaults(); // validates every value against its type
        assertEquals(Settings.detectionDefaults(), DetectionConfig.defaults().toMap());
        for (Settings.Setting s : Settings.all()) {
            assertEquals(s.defaultValue(), config.asMap().get(s.key()), s.key());
            assertFalse(s.doc().isBlank(), s.key() + " has no doc line");
        }
    }

    @Test
    void jobAndDetectionDurationsShareOneGrammar() {
        HotspotConfig config = HotspotConfig.defaults().with("job.idleness", "1.5h").with("surge.window", "1.5h");
        assertEquals(90 * 60_000L, config.duration("job.idleness").toMillis());
        assertEquals(90 * 60_000L, config.detection().surgeWindow);
        assertEquals(14 * 86_400_000L, Durations.parse("2w"));
        assertEquals(500L, Durations.parse("500ms"));
    }

    @Test
    void aJobValueOfTheWrongTypeIsRefusedAtStartWithItsKey() {
        for (List<String> bad : List.of(List.of("job.checkpoint-interval", "soon"),
                List.of("elasticsearch.bulk-max-actions", "many"), List.of("job.write-complaints", "yes"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HotspotConfig.defaults().with(bad.get(0), bad.get(1)));
            assertTrue(e.getMessage().contains(bad.get(0)), e.getMessage());
        }
    }

    @Test
    void secretsAreMaskedWhenTheConfigurationIsPrinted() {
        String printed = HotspotConfig.defaults().with("elasticsearch.api-key", "s3cr3t-key").describe();
        assertFalse(printed.contains("s3cr3t-key"), printed);
        assertTrue(printed.contains("elasticsearch.api-key = ***"), printed);
    }
}
