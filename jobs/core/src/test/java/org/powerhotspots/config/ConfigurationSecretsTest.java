package org.powerhotspots.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets come from the environment or a file, and no printed text — configuration, connection, error — shows them. */
class ConfigurationSecretsTest {
    private static final List<String> SECRETS = List.of("pw-Secret-123", "key-Secret-456", "jaas-Secret-789");
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "HOTSPOT_ELASTICSEARCH_USER", "hotspot-writer",
            "HOTSPOT_ELASTICSEARCH_PASSWORD", "pw-Secret-123",
            "HOTSPOT_ELASTICSEARCH_API_KEY", "key-Secret-456",
            "HOTSPOT_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "jaas-Secret-789");

    private static void assertNoSecretIn(String printed) {
        for (String secret : SECRETS) {
            assertFalse(printed.contains(secret), "a secret in: " + printed);
        }
    }

    @Test
    void secretsFromTheEnvironmentAreUsedButNeverPrinted() {
        HotspotConfig config = HotspotConfig.load(null, ENVIRONMENT, Map.of());
        assertEquals("pw-Secret-123", config.elasticsearch().password());
        assertEquals("jaas-Secret-789", config.kafkaClientProperties().getProperty("sasl.jaas.config"));
        assertNoSecretIn(config.describe());
        assertNoSecretIn(config.toString());
        assertNoSecretIn(config.elasticsearch().toString());
        assertTrue(config.describe().contains("elasticsearch.password = ***"));
    }

    @Test
    void aUrlThatCarriesCredentialsIsRefusedWithoutEchoingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HotspotConfig.load(null,
                Map.of("HOTSPOT_ELASTICSEARCH_URLS", "https://hotspot-writer:pw-Secret-123@es-1.grid.local:9200"), Map.of()));
        assertTrue(e.getMessage().contains("carries credentials"), e.getMessage());
        assertNoSecretIn(e.getMessage());
    }

    @Test
    void aSecretOnTheCommandLineIsRefusedWithoutEchoingIt() {
        for (String key : List.of("elasticsearch.password", "elasticsearch.api-key", "kafka.properties.sasl.jaas.config")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HotspotConfig.load(null, Map.of(), Map.of(key, "pw-Secret-123")));
            assertTrue(e.getMessage().contains("command line"), e.getMessage());
            assertNoSecretIn(e.getMessage());
        }
    }
}
