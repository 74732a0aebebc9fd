package io.barwise.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test runner as a function: user DRL in tests, pre-checks as failures, field comparison. */
class TestRunnerTest {
    static final Path R = Path.of("src/test/resources/authoring");

    @Test
    void userDrlRulesCanBeAssertedAndAreCoveredAsUserRules() {
        TestRunner.Run run = new TestRunner().run(List.of(R.resolve("user-rules.test.yaml")));
        assertThat(run.errors()).isEmpty();
        assertThat(run.passed()).isEqualTo(2);
        assertThat(run.coverage().rules()).filteredOn(e -> e.name().equals("site: large BAR through /dev/mem"))
                .singleElement().satisfies(e -> {
                    assertThat(e.kind()).isEqualTo("user");
                    assertThat(e.hits()).isEqualTo(1);
                });
    }

    @Test
    void preChecksAreFailuresNotPasses() {
        TestRunner.Run run = new TestRunner().run(List.of(R.resolve("failing.test.yaml")));
        assertThat(run.failed()).isEqualTo(3);
        TestRunner.CaseResult first = run.results().get(0);
        assertThat(first.problems()).anySatisfy(p -> assertThat(p).contains("unknown rule 'site policy: intent for the requst'",
                "did you mean 'site policy: intent for the request'?"));
        assertThat(first.fields()).filteredOn(f -> !f.ok()).extracting(TestRunner.FieldResult::field).containsExactly("node", "memtype");
        assertThat(first.fields()).filteredOn(f -> f.field().equals("memtype")).singleElement()
                .satisfies(f -> assertThat(f.actual()).isEqualTo("write-combining"));
        assertThat(run.results().get(1).problems()).containsExactly("request #7 does not exist: the scenario has 3 request(s), #0 to #2");
        assertThat(run.results().get(2).problems()).singleElement().satisfies(p -> assertThat(p).startsWith("the expectation asserts nothing"));
        assertThat(run.results().get(3).passed()).isTrue();
    }

    @Test
    void invalidTestFilesAreErrorsWithEveryProblem() {
        TestRunner.Run run = new TestRunner().run(List.of(R.resolve("invalid.test.yaml")));
        assertThat(run.results()).isEmpty();
        assertThat(run.errors()).extracting(Diagnostic::code)
                .containsExactly("missing-field", "unknown-field", "not-a-number", "unknown-field", "bad-value");
    }
}
