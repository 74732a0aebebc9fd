package io.barwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.barwise.authoring.Golden;
import org.junit.jupiter.api.Test;

/** The check, test and schema commands through Main.run, compared with golden files (OPA style). */
class AuthoringCliTest {
    static final String R = "src/test/resources/authoring/";

    @Test
    void checkTableReportsEveryErrorAndFinding() {
        Cli c = Cli.run("check", R + "mixed-policy.yaml", R + "bad-scenario.yaml", R + "bad.drl");
        assertThat(c.code()).isEqualTo(ExitCode.INVALID_INPUT);
        Golden.assertMatches("check-mixed.txt", c.out());
    }

    @Test
    void checkJsonIsMachineReadable() {
        Cli c = Cli.run("check", "--format", "json", R + "conflicts.yaml");
        assertThat(c.code()).isEqualTo(ExitCode.OK);
        Golden.assertMatches("check-conflicts.json", c.out());
        assertThat(Cli.run("check", "--fail-on", "warning", R + "conflicts.yaml").code()).isEqualTo(ExitCode.REFUSED);
    }

    @Test
    void shippedPoliciesAndExamplesCheckClean() {
        Cli c = Cli.run("check", "policies", "examples");
        assertThat(c.code()).as(c.out()).isEqualTo(ExitCode.OK);
        assertThat(c.out()).contains("0 error(s), 0 warning(s)");
    }

    @Test
    void testTableShowsExpectedAndActual() {
        Cli c = Cli.run("test", R + "failing.test.yaml");
        assertThat(c.code()).isEqualTo(ExitCode.REFUSED);
        assertThat(c.lastLine()).isEqualTo("1 passed, 3 failed");
        Golden.assertMatches("test-failing.txt", c.out());
    }

    @Test
    void testJsonAndJunit() {
        Cli j = Cli.run("test", "--format", "json", R + "failing.test.yaml");
        assertThat(j.code()).isEqualTo(ExitCode.REFUSED);
        Golden.assertMatches("test-failing.json", j.out());
        Cli x = Cli.run("test", "--format", "junit", R + "failing.test.yaml");
        Golden.assertMatches("test-failing.junit.xml", x.out());
        assertThat(x.err().strip()).endsWith("1 passed, 3 failed");
    }

    @Test
    void invalidTestFileIsExitThree() {
        Cli c = Cli.run("test", R + "invalid.test.yaml");
        assertThat(c.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(c.out()).contains("invalid.test.yaml:5:5: error [unknown-field] tests[0].expct", "did you mean 'expect'?",
                "did you mean 'write-back'?");
        assertThat(c.lastLine()).isEqualTo("0 passed, 0 failed");
    }

    @Test
    void shippedTestsPassThroughTheCli() {
        Cli c = Cli.run("test", "--coverage-threshold", "100", "--coverage-scope", "policies", "policies/tests", "examples/tests");
        assertThat(c.code()).as(c.out()).isEqualTo(ExitCode.OK);
        assertThat(c.lastLine()).matches("\\d+ passed, 0 failed");
        assertThat(c.out()).contains("coverage of policies 100.00% meets the threshold 100%");
    }

    @Test
    void coverageListsWhatNeverRanAndWritesLcov(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path lcov = tmp.resolve("policies.info");
        Cli c = Cli.run("test", "--coverage-lcov", lcov.toString(), "examples/tests/ivshmem-plain.test.yaml");
        assertThat(c.code()).isEqualTo(ExitCode.OK);
        assertThat(c.out()).contains("coverage: policy rules 4/8 (50.00%)",
                "never matched: policy claimed-bar-is-off-limits at policies/default.yaml:5:11",
                "never fired: built-in rule \"site policy: deny\"",
                "condition never true: `bar.busy` of policy claimed-bar-is-off-limits at policies/default.yaml:11:12");
        String info = java.nio.file.Files.readString(lcov);
        assertThat(info).startsWith("TN:barwise\nSF:policies/default.yaml\nFN:5,claimed-bar-is-off-limits\n")
                .contains("FNDA:0,claimed-bar-is-off-limits", "FNF:8\nFNH:4", "BRDA:11,0,0,-", "BRDA:11,0,1,3").endsWith("end_of_record\n");
    }

    @Test
    void coverageThresholdIsComparedExactly() {
        // The ivshmem-plain tests alone match 4 of the 8 default policy rules: 50%.
        String one = "examples/tests/ivshmem-plain.test.yaml";
        Cli below = Cli.run("test", "--coverage-threshold", "50.01", "--coverage-scope", "policies", one);
        assertThat(below.code()).isEqualTo(ExitCode.REFUSED);
        assertThat(below.out()).contains("is below the threshold 50.01%");
        Cli at = Cli.run("test", "--coverage-threshold", "50", "--coverage-scope", "policies", one);
        assertThat(at.code()).isEqualTo(ExitCode.OK);
        assertThat(Cli.run("test", "--coverage-threshold", "101", one).code()).isEqualTo(ExitCode.INVALID_INPUT);
    }

    @Test
    void schemaCommandPrintsTheShippedSchema() throws Exception {
        Cli c = Cli.run("schema", "test");
        assertThat(c.code()).isZero();
        assertThat(c.out()).isEqualTo(java.nio.file.Files.readString(java.nio.file.Path.of("src/main/resources/schema/test.schema.json")));
    }

    @Test
    void explainShowsOnlyRulesThatCouldApplyWithLocations() {
        Cli c = Cli.run("eval", "--explain", "--policies", "policies", "examples/ivshmem-plain.yaml");
        // Only the policy part: the reasons and rule lists belong to the engine and change with it.
        String policyPart = c.out().lines().filter(l -> l.startsWith("#") || l.startsWith("   policy ") || l.startsWith("   ("))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        Golden.assertMatches("eval-explain-ivshmem.txt", policyPart);
        assertThat(c.out()).contains("policy ram-class-device-memory-is-cacheable [intent cacheable, priority 40] policies/default.yaml:47:11: matched, "
                + "its intent is overridden by ivshmem-shared-memory-is-cacheable (priority 50)");
        assertThat(c.out()).contains("(5 more policy rules not shown");
    }
}
