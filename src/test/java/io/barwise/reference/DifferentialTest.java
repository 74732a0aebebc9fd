package io.barwise.reference;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/**
 * Differential test: the Drools engine against {@link ReferenceModel} on seeded random scenarios.
 *
 * <p>System properties: {@code barwise.diff.count} (scenarios, default {@value #DEFAULT_COUNT}),
 * {@code barwise.diff.seed}, {@code barwise.diff.first} (first scenario index),
 * {@code barwise.diff.threads} (default: all CPUs). A disagreement listed in {@link KnownDisagreements}
 * is counted and reported but does not fail the test; any other one is shrunk and fails it.
 */
class DifferentialTest {

    /** About 10-25 s on 2 cores (the Drools session per scenario dominates); bin/diff-test runs millions. */
    static final int DEFAULT_COUNT = 3_000;

    @Test
    void engineAgreesWithReferenceModel() throws Exception {
        DifferentialRun r = DifferentialRun.fromSystemProperties(DEFAULT_COUNT).run();
        System.out.print(r.summary(false));
        if (r.freshTotal() > 0) fail(r.summary(false) + "\n" + r.freshReport());
    }
}
