package org.powerhotspots.io.es;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.powerhotspots.elasticsearch.ElasticsearchClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the index templates and creates {@code <alias>-v1} behind each alias that does not exist yet.
 *
 * <p>Idempotent and safe to run from several processes at once: templates are overwritten with the same content,
 * and an index that another process created first ({@code resource_already_exists_exception}) counts as success.
 */
public final class IndexSetup {
    private static final Logger LOG = LoggerFactory.getLogger(IndexSetup.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String ALERTS = "hotspot-alerts";
    public static final String COMPLAINTS = "hotspot-complaints";
    public static final String OUTAGES = "hotspot-outages";
    public static final String DEADLETTERS = "hotspot-deadletters";
    /** Every alias the job writes to; each has a template {@code templates/<alias>.json} on the classpath. */
    public static final List<String> ALIASES = List.of(ALERTS, COMPLAINTS, OUTAGES, DEADLETTERS);
    /** The concrete index behind a new alias is {@code <alias>-v1}; a reindex to a new mapping makes v2. */
    public static final String FIRST_INDEX_SUFFIX = "-v1";

    private final RestClient client;
    private final String prefix;
    private final Integer replicas;

    /** Production names, replicas as in the templates (0). */
    public IndexSetup(RestClient client) {
        this(client, "", null);
    }

    /**
     * @param aliasPrefix prepended to every template, alias and index name ("" in production)
     * @param replicas    number_of_replicas for new indices, or null for the templates' value (0)
     */
    public IndexSetup(RestClient client, String aliasPrefix, Integer replicas) {
        this.client = client;
        this.prefix = aliasPrefix == null ? "" : aliasPrefix;
        this.replicas = replicas;
    }

    /** Opens a client, runs {@link #run()} and closes it; replicas as in the templates (0: tests). */
    public static void run(ElasticsearchClients.Connection connection, String aliasPrefix) throws IOException {
        run(connection, aliasPrefix, null);
    }

    /** The same with {@code replicas} (elasticsearch.replicas) for new indices, or null for the templates' 0. */
    public static void run(ElasticsearchClients.Connection connection, String aliasPrefix, Integer replicas)
            throws IOException {
        try (RestClient client = ElasticsearchClients.restClient(connection)) {
            new IndexSetup(client, aliasPrefix, replicas).run();
        }
    }

    /** Waits for the cluster, installs all templates, then makes sure every alias exists. */
    public void run() throws IOException {
        awaitCluster();
        for (String alias : ALIASES) {
            installTemplate(alias);
        }
        for (String alias : ALIASES) {
            ensureAlias(alias);
        }
    }

    /** The template body for an alias, as installed (prefix and replicas applied). */
    public ObjectNode template(String alias) throws IOException {
        String resource = "/templates/" + alias + ".json";
        ObjectNode body;
        try (InputStream in = IndexSetup.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("index template " + resource + " is not on the classpath (dashboards/templates)");
            }
            body = (ObjectNode) JSON.readTree(in);
        }
        body.putArray("index_patterns").add(prefix + alias + "-*");
        if (replicas != null) {
            body.withObject("/template/settings").put("number_of_replicas", replicas);
        }
        return body;
    }

    private void awaitCluster() throws IOException {
        // GET / is refused by this distribution; cluster health is the liveness probe.
        Request health = new Request("GET", "/_cluster/health");
        health.addParameter("wait_for_status", "yellow");
        health.addParameter("timeout", "30s");
        JsonNode answer = read(client.performRequest(health));
        if (answer.path("timed_out").asBoolean(false)) {
            throw new IOException("Elasticsearch cluster not yellow after 30 s: status " + answer.path("status").asText());
        }
    }

    private void installTemplate(String alias) throws IOException {
        Request put = new Request("PUT", "/_index_template/" + prefix + alias);
        put.setJsonEntity(JSON.writeValueAsString(template(alias)));
        client.performRequest(put);
        LOG.info("index template {} installed for {}{}-*", prefix + alias, prefix, alias);
    }

    private void ensureAlias(String alias) throws IOException {
        String name = prefix + alias;
        String index = name + FIRST_INDEX_SUFFIX;
        if (client.performRequest(new Request("HEAD", "/_alias/" + name)).getStatusLine().getStatusCode() == 200) {
            LOG.info("alias {} exists", name);
            return;
        }
        Request create = new Request("PUT", "/" + index);
        create.setJsonEntity(JSON.writeValueAsString(Map.of("aliases", Map.of(name, Map.of("is_write_index", true)))));
        try {
            client.performRequest(create);
            LOG.info("index {} created behind alias {}", index, name);
            return;
        } catch (ResponseException e) {
            String error = errorType(e);
            if (error.equals("invalid_alias_name_exception")) {
                throw new IOException("cannot create alias " + name + ": an index of that name exists (probably created "
                        + "by a write before the templates were installed); delete it and start again", e);
            }
            if (!error.equals("resource_already_exists_exception")) {
                throw e;
            }
        }
        // Another process created the index first, or an earlier run stopped between the two steps.
        Request addAlias = new Request("PUT", "/" + index + "/_alias/" + name);
        addAlias.setJsonEntity("{\"is_write_index\":true}");
        client.performRequest(addAlias);
        LOG.info("index {} already existed; alias {} in place", index, name);
    }

    private static String errorType(ResponseException e) throws IOException {
        if (e.getResponse().getEntity() == null) {
            return "";
        }
        JsonNode body = JSON.readTree(EntityUtils.toString(e.getResponse().getEntity()));
        return body.path("error").path("type").asText("");
    }

    private static JsonNode read(Response response) throws IOException {
        try (InputStream in = response.getEntity().getContent()) {
            return JSON.readTree(in);
        }
    }
}
