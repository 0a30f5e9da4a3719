package org.powerhotspots.io.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.powerhotspots.io.es.BulkRetryPolicy.Outcome;

class BulkRetryPolicyTest {
    private final BulkRetryPolicy policy = new BulkRetryPolicy(5, 200, 30_000);

    @Test
    void successfulItemsAreWritten() {
        assertEquals(Outcome.WRITTEN, policy.itemOutcome(200, 0));
        assertEquals(Outcome.WRITTEN, policy.itemOutcome(201, 3));
    }

    @Test
    void overloadAndServerErrorsAreRetriedUntilTheBoundThenFailTheWriter() {
        for (int status : new int[] {429, 500, 503}) {
            for (int retries = 0; retries < 5; retries++) {
                assertEquals(Outcome.RETRY, policy.itemOutcome(status, retries), status + " after " + retries);
            }
            assertEquals(Outcome.FAIL, policy.itemOutcome(status, 5), status + " after the bound");
        }
    }

    @Test
    void mappingAndParseErrorsGoToDeadLettersWithoutRetry() {
        assertEquals(Outcome.DEAD_LETTER, policy.itemOutcome(400, "mapper_parsing_exception: failed to parse field [x]", 0));
        assertEquals(Outcome.DEAD_LETTER, policy.itemOutcome(400, 0));
        assertEquals(Outcome.DEAD_LETTER, policy.itemOutcome(409, 0));
    }

    @Test
    void refusalsAboutTheClusterAreRetriedAndThenFailTheWriterNeverDeadLettered() {
        // Credentials, permissions, a missing alias, a cluster block, a read-only index: the documents are good.
        String[][] refusals = {{"401", "security_exception: missing authentication credentials"},
                {"403", "security_exception: action [indices:data/write/bulk] is unauthorized"},
                {"404", "index_not_found_exception: no such index [hotspot-alerts]"},
                {"403", "cluster_block_exception: index [hotspot-alerts-v1] blocked by: [FORBIDDEN/8/index write (api)]"},
                {"429", "cluster_block_exception: index [x] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, index has read-only-allow-delete block]"},
                {"400", "cluster_block_exception: blocked by: [FORBIDDEN/12/index read-only / allow delete (api)]"}};
        for (String[] r : refusals) {
            int status = Integer.parseInt(r[0]);
            assertEquals(Outcome.RETRY, policy.itemOutcome(status, r[1], 0), r[1]);
            assertEquals(Outcome.FAIL, policy.itemOutcome(status, r[1], 5), r[1] + " after the bound");
        }
    }

    @Test
    void zeroRetriesFailsOnOverloadAtOnce() {
        assertEquals(Outcome.FAIL, new BulkRetryPolicy(0, 200, 30_000).itemOutcome(429, 0));
    }

    @Test
    void backoffDoublesFromTheInitialWaitAndIsCapped() {
        assertEquals(200, policy.backoffMillis(1));
        assertEquals(400, policy.backoffMillis(2));
        assertEquals(800, policy.backoffMillis(3));
        assertEquals(3200, policy.backoffMillis(5));
        assertEquals(30_000, policy.backoffMillis(20));
        assertEquals(30_000, policy.backoffMillis(Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> policy.backoffMillis(0));
    }

    @Test
    void failedRequestsAreRetriedOnlyWhenTransientAndWithinTheBound() {
        assertTrue(policy.retryRequest(0, 1), "no answer");
        assertTrue(policy.retryRequest(0, 5));
        assertFalse(policy.retryRequest(0, 6), "beyond the bound the job fails");
        assertTrue(policy.retryRequest(429, 1));
        assertTrue(policy.retryRequest(502, 2));
        assertFalse(policy.retryRequest(400, 1), "a malformed request fails the same way again");
        assertTrue(policy.retryRequest(401, 1), "credentials fixed by an operator: the documents are good");
        assertTrue(policy.retryRequest(404, 1), "an alias created again");
        assertFalse(policy.retryRequest(401, 6), "beyond the bound the writer fails and Flink replays");
    }
}
