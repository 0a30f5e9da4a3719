package org.powerhotspots.io.es;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.apache.http.client.config.RequestConfig;

/** Sends NDJSON bulk bodies with the low-level REST client. */
final class RestBulkTransport implements BulkTransport {
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");
    // A full 5 MB bulk on a busy cluster can take longer than the client's default 30 s socket timeout.
    private static final RequestOptions OPTIONS = RequestOptions.DEFAULT.toBuilder()
            .setRequestConfig(RequestConfig.custom().setConnectTimeout(10_000).setSocketTimeout(120_000).build())
            .build();

    private final RestClient client;
    private final boolean ownsClient;

    RestBulkTransport(RestClient client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
    }

    @Override
    public List<ItemResult> send(byte[] ndjson, int actions) throws IOException {
        Request request = new Request("POST", "/_bulk");
        // Only what the item outcome needs: keeps the answer small.
        request.addParameter("filter_path", "items.*.status,items.*.error");
        request.setEntity(new ByteArrayEntity(ndjson, NDJSON));
        request.setOptions(OPTIONS);
        Response response;
        try {
            response = client.performRequest(request);
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            String body = e.getResponse().getEntity() == null ? "" : EntityUtils.toString(e.getResponse().getEntity());
            throw new RequestFailed(status, "HTTP " + status + " " + abbreviate(body, 500));
        }
        JsonNode root;
        try (InputStream in = response.getEntity().getContent()) {
            root = BulkIndexer.JSON.readTree(in);
        }
        JsonNode items = root.path("items");
        List<ItemResult> results = new ArrayList<>(actions);
        for (JsonNode item : items) {
            Iterator<JsonNode> ops = item.elements();
            JsonNode op = ops.hasNext() ? ops.next() : item;
            results.add(new ItemResult(op.path("status").asInt(0), errorText(op.path("error"))));
        }
        return results;
    }

    /** "type: reason (caused by type: reason)", the part of ES's error that names the field. */
    static String errorText(JsonNode error) {
        if (error.isMissingNode() || error.isNull()) {
            return null;
        }
        if (error.isTextual()) {
            return error.asText();
        }
        StringBuilder text = new StringBuilder();
        text.append(error.path("type").asText("error")).append(": ").append(error.path("reason").asText(""));
        JsonNode cause = error.path("caused_by");
        if (cause.isObject()) {
            text.append(" (caused by ").append(cause.path("type").asText("error")).append(": ")
                    .append(cause.path("reason").asText("")).append(')');
        }
        return text.toString();
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    @Override
    public void close() throws IOException {
        if (ownsClient) {
            client.close();
        }
    }
}
