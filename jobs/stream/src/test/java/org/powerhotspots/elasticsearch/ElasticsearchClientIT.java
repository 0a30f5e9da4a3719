package org.powerhotspots.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.powerhotspots.testing.ElasticsearchExtension;

/** Bulk indexing with deterministic ids overwrites instead of duplicating, on a real Elasticsearch. */
@ExtendWith(ElasticsearchExtension.class)
class ElasticsearchClientIT {

    @Test
    void bulkWithTheSameIdsTwiceLeavesOneDocumentPerId() throws Exception {
        ElasticsearchClient client = ElasticsearchClients.client(
                ElasticsearchClients.Connection.of(ElasticsearchExtension.url()));
        try {
            String index = "it-bulk-idempotent";
            for (int round = 0; round < 2; round++) {
                BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
                for (int i = 0; i < 10; i++) {
                    String id = "alert-" + i;
                    Map<String, Object> doc = Map.of("alert_id", id, "round", round, "region_code", "610113");
                    bulk.operations(op -> op.index(ix -> ix.index(index).id(id).document(doc)));
                }
                BulkResponse response = client.bulk(bulk.build());
                assertEquals(false, response.errors());
            }
            assertEquals(10L, client.count(c -> c.index(index)).count());
            SearchResponse<Map> hits = client.search(s -> s.index(index)
                    .query(q -> q.term(t -> t.field("round").value(1))), Map.class);
            assertEquals(10, hits.hits().hits().size());
        } finally {
            client._transport().close();
        }
    }
}
