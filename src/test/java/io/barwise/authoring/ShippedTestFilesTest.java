package io.barwise.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs every shipped test file (policies/tests, examples/tests), so bin/test covers them. */
class ShippedTestFilesTest {

    @Test
    void everyShippedTestPasses() {
        TestRunner.Run run = new TestRunner().run(List.of(Path.of("policies/tests"), Path.of("examples/tests")));
        assertThat(run.errors()).isEmpty();
        assertThat(run.files()).contains("policies/tests/default.test.yaml", "examples/tests/ivshmem-plain.test.yaml");
        assertThat(run.results()).isNotEmpty();
        assertThat(run.results()).allSatisfy(c -> assertThat(c.passed()).as("%s: %s %s", c.label(), c.problems(), c.fields()).isTrue());
        // Every rule of the shipped policy matches some asserted request.
        assertThat(run.coverage().policies()).allSatisfy(e -> assertThat(e.hits()).as(e.name()).isPositive());
    }

    @Test
    void coverageComparesExactly() {
        Coverage c = new Coverage();
        c.declareRules(List.of("a", "b", "c"), java.util.Set.of("a", "b", "c"));
        c.hitRule("a");
        c.hitRule("b");
        assertThat(c.meets(new java.math.BigDecimal("66.66"), Coverage.Scope.ALL)).isTrue();
        assertThat(c.meets(new java.math.BigDecimal("66.67"), Coverage.Scope.ALL)).isFalse();
        assertThat(c.percentText(Coverage.Scope.ALL)).isEqualTo("66.66%");
        c.declareRules(java.util.stream.IntStream.range(0, 9997).mapToObj(i -> "r" + i).toList(), java.util.Set.of());
        for (int i = 0; i < 9996; i++) c.hitRule("r" + i);
        // 9998 of 10000: 99.98%, which must not meet 99.99 nor 100.
        assertThat(c.meets(new java.math.BigDecimal("99.98"), Coverage.Scope.ALL)).isTrue();
        assertThat(c.meets(new java.math.BigDecimal("99.99"), Coverage.Scope.ALL)).isFalse();
        assertThat(c.meets(new java.math.BigDecimal("100"), Coverage.Scope.ALL)).isFalse();
    }
}
