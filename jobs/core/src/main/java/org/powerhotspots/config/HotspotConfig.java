package org.powerhotspots.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.powerhotspots.detect.DetectionConfig;
import org.powerhotspots.settings.Durations;
import org.powerhotspots.settings.Settings;
import org.powerhotspots.elasticsearch.ElasticsearchClients;

/**
 * The one configuration of the product: the declared defaults ({@link Settings}), then a YAML file, then environment
 * variables ({@code HOTSPOT_KAFKA_BOOTSTRAP_SERVERS} for {@code kafka.bootstrap.servers}), then
 * command-line flags ({@code --kafka.bootstrap.servers=host:9092}). Validated when built;
 * {@link #describe()} prints it with secrets masked.
 */
public final class HotspotConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Keys below these prefixes are passed through (Kafka client properties: SASL, TLS …). */
    private static final List<String> PASS_THROUGH = List.of("kafka.properties.");

    private final TreeMap<String, String> values;
    private final List<String> sources;

    private HotspotConfig(TreeMap<String, String> values, List<String> sources) {
        this.values = values;
        this.sources = sources;
        validate();
    }

    /** Defaults only (tests). */
    public static HotspotConfig defaults() {
        return load(null, Map.of(), Map.of());
    }

    /**
     * Loads the declared defaults ({@link Settings}), then {@code file} if given (else the file named by HOTSPOT_CONFIG),
     * then environment, then flag overrides.
     */
    public static HotspotConfig load(Path file, Map<String, String> environment, Map<String, String> flags) {
        TreeMap<String, String> values = new TreeMap<>();
        List<String> sources = new ArrayList<>();
        // Every key with its default, as Settings declares them.
        values.putAll(Settings.defaults());
        sources.add("defaults");
        Path configFile = file;
        if (configFile == null && environment.get("HOTSPOT_CONFIG") != null) {
            configFile = Path.of(environment.get("HOTSPOT_CONFIG"));
        }
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                throw new IllegalArgumentException("configuration file not found: " + configFile);
            }
            TreeMap<String, String> fromFile = new TreeMap<>();
            try {
                flatten("", new ObjectMapper(new YAMLFactory()).readTree(configFile.toFile()), fromFile);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot parse configuration file " + configFile + ": " + e.getMessage());
            }
            rejectUnknown(fromFile, values, "file " + configFile);
            values.putAll(fromFile);
            sources.add(configFile.toString());
        }
        List<String> envHits = new ArrayList<>();
        for (String key : new ArrayList<>(values.keySet())) {
            String v = environment.get(envName(key));
            if (v != null) {
                values.put(key, v);
                envHits.add(envName(key));
            }
        }
        environment.forEach((name, v) -> {
            String prefix = "HOTSPOT_KAFKA_PROPERTIES_";
            if (name.startsWith(prefix)) {
                values.put("kafka.properties." + name.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
                envHits.add(name);
            }
        });
        if (!envHits.isEmpty()) {
            sources.add("environment " + envHits);
        }
        if (!flags.isEmpty()) {
            rejectUnknown(flags, values, "flags");
            List<String> secretFlags = flags.keySet().stream().filter(HotspotConfig::isSecret).toList();
            if (!secretFlags.isEmpty()) {
                // A command line is visible to every user of the machine (ps) and lands in shell history and logs.
                throw new IllegalArgumentException("secret settings " + secretFlags + " were given on the command line;"
                        + " give them in the environment (" + envName(secretFlags.get(0)) + ") or the configuration file");
            }
            values.putAll(flags);
            sources.add("flags " + flags.keySet());
        }
        return new HotspotConfig(values, sources);
    }

    /** Splits {@code --key=value} / {@code --key value} flags; other arguments are returned in {@code rest}. */
    public static Map<String, String> parseFlags(String[] args, List<String> rest) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--") && a.contains(".")) {
                int eq = a.indexOf('=');
                if (eq > 0) {
                    flags.put(a.substring(2, eq), a.substring(eq + 1));
                } else if (i + 1 < args.length) {
                    flags.put(a.substring(2), args[++i]);
                } else {
                    throw new IllegalArgumentException("flag " + a + " needs a value");
                }
            } else {
                rest.add(a);
            }
        }
        return flags;
    }

    static String envName(String key) {
        return "HOTSPOT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String string(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing setting: " + key);
        }
        return v;
    }

    /** A setting that may be empty; empty means not set. */
    public String optional(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? null : v;
    }

    public int integer(String key) {
        try {
            return Integer.parseInt(string(key).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, not '" + string(key) + "'");
        }
    }

    public boolean bool(String key) {
        String v = string(key).trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, not '" + v + "'");
        }
        return v.equals("true");
    }

    public Duration duration(String key) {
        return Duration.ofMillis(Durations.parse(key, string(key)));
    }

    /** Kafka client properties passed through from {@code kafka.properties.*} (SASL, TLS …). */
    public Properties kafkaClientProperties() {
        Properties p = new Properties();
        values.forEach((k, v) -> {
            if (k.startsWith("kafka.properties.") && v != null && !v.isBlank()) {
                p.setProperty(k.substring("kafka.properties.".length()), v);
            }
        });
        return p;
    }

    public ElasticsearchClients.Connection elasticsearch() {
        return new ElasticsearchClients.Connection(string("elasticsearch.urls"), optional("elasticsearch.api-key"),
                optional("elasticsearch.user"), optional("elasticsearch.password"), optional("elasticsearch.ca-certificate"));
    }

    /** Prepended to every Elasticsearch index, alias and template name; "" unless set. */
    public String aliasPrefix() {
        String prefix = optional("elasticsearch.alias-prefix");
        return prefix == null ? "" : prefix;
    }

    public DetectionConfig detection() {
        return DetectionConfig.fromProperties(values);
    }

    /** This configuration with one more setting (tests, scripts). */
    public HotspotConfig with(String key, String value) {
        TreeMap<String, String> copy = new TreeMap<>(values);
        rejectUnknown(Map.of(key, value), copy, "override");
        copy.put(key, value);
        return new HotspotConfig(copy, sources);
    }

    public Map<String, String> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    /** Every setting, one per line, secrets masked; for the start-up log. */
    public String describe() {
        StringBuilder sb = new StringBuilder("configuration (from ").append(String.join(", ", sources)).append("):\n");
        values.forEach((k, v) -> sb.append("  ").append(k).append(" = ").append(isSecret(k) && v != null && !v.isBlank() ? "***" : v).append('\n'));
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    static boolean isSecret(String key) {
        Settings.Setting declared = Settings.get(key);
        if (declared != null && declared.type() == Settings.Type.SECRET) {
            return true;
        }
        String k = key.toLowerCase(Locale.ROOT); // pass-through Kafka properties: judged by name
        return k.contains("password") || k.contains("api-key") || k.contains("secret") || k.contains("jaas")
                || k.contains("token") || k.endsWith(".key");
    }

    private void validate() {
        List<String> problems = new ArrayList<>();
        for (String key : List.of("kafka.bootstrap.servers", "kafka.topic.complaints", "kafka.topic.outages",
                "kafka.topic.alerts", "kafka.topic.deadletters", "elasticsearch.urls")) {
            if (optional(key) == null) {
                problems.add(key + " must be set");
            }
        }
        for (Settings.Setting setting : Settings.all()) {
            if (!setting.detection()) {
                checkType(setting, problems); // detection values are checked by DetectionConfig below
            }
        }
        try {
            if (integer("job.parallelism") < 1) {
                problems.add("job.parallelism must be at least 1");
            }
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        String urls = optional("elasticsearch.urls");
        if (urls != null) {
            for (String u : urls.split(",")) {
                String url = u.trim();
                if (url.matches("https?://[^\\s/]*@.*")) {
                    // Never echo it: the part before @ is a password.
                    problems.add("elasticsearch.urls: a URL carries credentials (user:password@host); give"
                            + " elasticsearch.user with HOTSPOT_ELASTICSEARCH_PASSWORD, or HOTSPOT_ELASTICSEARCH_API_KEY");
                } else if (!url.matches("https?://[^\\s/]+(:\\d+)?/?")) {
                    problems.add("elasticsearch.urls: '" + url + "' is not an http(s)://host:port URL");
                }
            }
        }
        if (optional("elasticsearch.user") != null && optional("elasticsearch.password") == null) {
            problems.add("elasticsearch.user is set but elasticsearch.password is not");
        }
        try {
            detection();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration:\n  - " + String.join("\n  - ", problems));
        }
    }

    private void checkType(Settings.Setting setting, List<String> problems) {
        String v = optional(setting.key());
        if (v == null) {
            return;
        }
        try {
            switch (setting.type()) {
                case INTEGER -> integer(setting.key());
                case BOOLEAN -> bool(setting.key());
                case DURATION -> {
                    if (duration(setting.key()).isNegative()) {
                        problems.add(setting.key() + " must not be negative");
                    }
                }
                case NUMBER -> Double.parseDouble(v.trim());
                default -> { }
            }
        } catch (NumberFormatException e) {
            problems.add(setting.key() + " must be a number, not '" + v + "'");
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
    }

    private static void rejectUnknown(Map<String, String> given, Map<String, String> known, String where) {
        List<String> unknown = new ArrayList<>();
        for (String k : given.keySet()) {
            boolean passThrough = PASS_THROUGH.stream().anyMatch(k::startsWith);
            if (!known.containsKey(k) && !passThrough) {
                unknown.add(k);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown setting(s) in " + where + ": " + unknown
                    + " (every setting: docs/operations.md and docs/detection.md)");
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node == null || node.isNull()) {
            if (!prefix.isEmpty()) {
                out.put(prefix, "");
            }
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(n -> items.add(n.asText()));
            out.put(prefix, String.join(",", items));
        } else {
            out.put(prefix, node.asText());
        }
    }
}
