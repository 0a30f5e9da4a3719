package org.powerhotspots.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.powerhotspots.elasticsearch.ElasticsearchClients;

/** Prints the alerts in Elasticsearch as a table (type, region, topic, when, severity, status) and counts. */
public final class AlertTable {
    private AlertTable() {}

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:9200";
        int max = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        ObjectMapper json = new ObjectMapper();
        try (RestClient client = ElasticsearchClients.restClient(ElasticsearchClients.Connection.of(url))) {
            client.performRequest(new Request("POST", "/hotspot-alerts,hotspot-deadletters,hotspot-complaints/_refresh"));
            Request search = new Request("POST", "/hotspot-alerts/_search");
            search.setJsonEntity("{\"size\":" + max + ",\"sort\":[{\"severity_rank\":\"desc\"},{\"detected_at\":\"asc\"}],"
                    + "\"aggs\":{\"types\":{\"terms\":{\"field\":\"type\"}}}}");
            JsonNode result = read(json, client.performRequest(search));
            System.out.printf("%-19s %-8s %-26s %-22s %-16s %-8s %s%n", "TYPE", "STATUS", "REGION", "TOPIC", "DETECTED (+08)",
                    "SEVERITY", "OBSERVED/EXPECTED");
            for (JsonNode hit : result.path("hits").path("hits")) {
                JsonNode a = hit.path("_source");
                String region = a.path("region_name").asText(a.path("region_code").asText());
                System.out.printf("%-19s %-8s %-26s %-22s %-16s %-8s %.0f / %.1f%n",
                        a.path("type").asText(), a.path("status").asText(), cut(region, 26),
                        cut(a.path("topic").asText("-").equals("null") ? "-" : a.path("topic").asText("-"), 22),
                        a.path("detected_at").asText().replace('T', ' ').substring(0, 16),
                        a.path("severity").asText(), a.path("observed").asDouble(), a.path("expected").asDouble());
            }
            System.out.println();
            System.out.println("alerts by type (distinct alert ids, " + result.path("hits").path("total").path("value").asLong() + " in all):");
            for (JsonNode b : result.path("aggregations").path("types").path("buckets")) {
                System.out.printf("  %-19s %d%n", b.path("key").asText(), b.path("doc_count").asLong());
            }
            System.out.println("dead letters: " + count(json, client, "hotspot-deadletters")
                    + ", enriched complaints: " + count(json, client, "hotspot-complaints"));
        }
    }

    private static long count(ObjectMapper json, RestClient client, String index) throws Exception {
        return read(json, client.performRequest(new Request("GET", "/" + index + "/_count"))).path("count").asLong();
    }

    private static JsonNode read(ObjectMapper json, Response r) throws Exception {
        try (InputStream in = r.getEntity().getContent()) {
            return json.readTree(in);
        }
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
