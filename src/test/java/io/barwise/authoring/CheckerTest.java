package io.barwise.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** check as a function: every error, located, with the rule; analysis findings with both rules and a witness. */
class CheckerTest {
    static final Path R = Path.of("src/test/resources/authoring");

    static Checker.Result check(String... files) {
        return new Checker(true, 20_000).check(java.util.Arrays.stream(files).map(R::resolve).toList());
    }

    static Diagnostic find(Checker.Result r, String code, String rule) {
        return r.diagnostics().stream().filter(d -> d.code().equals(code) && (rule == null || rule.equals(d.rule()))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " for " + rule + " in " + r.diagnostics()));
    }

    @Test
    void collectsAllPolicyErrorsWithLocationRuleAndHint() {
        Checker.Result r = check("mixed-policy.yaml");
        assertThat(r.errors()).isEqualTo(5);
        Diagnostic typo = find(r, "unknown-field", "typo-rule");
        assertThat(typo.location().line()).isEqualTo(12);
        assertThat(typo.location().column()).isEqualTo(5);
        assertThat(typo.location().field()).isEqualTo("policies[2].priorty");
        assertThat(typo.hint()).isEqualTo("did you mean 'priority'?");
        assertThat(find(r, "mvel-forbidden", "typo-rule").message()).contains("did you mean 'bar.index'?");
        assertThat(find(r, "bad-value", "typo-rule").hint()).startsWith("did you mean 'cacheable'?");
    }

    @Test
    void scenarioErrorsAreAllReported() {
        Checker.Result r = check("bad-scenario.yaml");
        assertThat(r.diagnostics()).extracting(Diagnostic::code)
                .containsExactly("bad-value", "unknown-field", "wrong-type", "out-of-range", "missing-field", "unknown-field", "bad-value");
    }

    @Test
    void drlErrorsNameTheRule() {
        Checker.Result r = check("bad.drl");
        Diagnostic d = find(r, "drl-compile", "user: broken pattern");
        assertThat(d.location().line()).isEqualTo(12);
        assertThat(d.message()).contains("NoSuchFact");
        assertThat(d.hint()).contains("io.barwise.rules");
        assertThat(find(r, "drl-duplicate-rule", "open: the node does not exist").location().line()).isEqualTo(16);
    }

    @Test
    void conflictsNameBothRulesAndAWitness() {
        Checker.Result r = check("conflicts.yaml");
        assertThat(r.errors()).isZero();
        Diagnostic c = find(r, "conflict-intent", "nvidia-cacheable");
        assertThat(c.related()).extracting(Diagnostic.Related::rule).containsExactly("gpu-wc", "nvidia-cacheable");
        assertThat(c.related().get(0).location().line()).isEqualTo(2);
        assertThat(c.related().get(1).location().line()).isEqualTo(6);
        assertThat(c.witness().get("device")).contains("10de:", "class 0x030000");
        assertThat(c.witness().get("bar")).contains("prefetchable");
        Diagnostic shadow = find(r, "shadowed", "prefetchable-uncached");
        assertThat(shadow.related()).extracting(Diagnostic.Related::rule).containsExactly("everything-wc", "prefetchable-uncached");
        assertThat(find(r, "conflict-decision", "deny-busy").witness().get("device")).contains("vfio-pci");
        assertThat(find(r, "conflict-decision", "deny-busy").witness().get("bar")).contains("busy");
        assertThat(find(r, "conflict-prefer-forbid", "no-devmem").message()).contains("prefers devmem");
        assertThat(find(r, "never-matches", "index-contradiction").message()).contains("`bar.index == 0` is never true: it contradicts `bar.index == 2`");
        assertThat(find(r, "never-matches", "vendor-too-big").location().line()).isEqualTo(38);
        List<String> codes = r.diagnostics().stream().map(Diagnostic::code).toList();
        assertThat(codes).hasSize(6);
    }

    @Test
    void witnessSearchFindsRulesNoValidDeviceSatisfies() {
        // Not provable by the static check (an OR), but no generated device satisfies it.
        var rules = io.barwise.policy.PolicyReader.read(io.barwise.yaml.YamlReader.parse("p.yaml", """
                policies:
                  - name: io-and-big
                    match: "bar.io && (bar.size > 0x100000 || bar.prefetchable)"
                    intent: uncached
                """));
        List<Diagnostic> found = new ConflictAnalyzer(rules, List.of(), List.of(), 20_000).analyze();
        assertThat(found).extracting(Diagnostic::code).containsExactly("never-matches", "gap");
        assertThat(found).first().satisfies(d -> {
            assertThat(d.code()).isEqualTo("never-matches");
            assertThat(d.message()).contains("matched none of");
        });
    }

    @Test
    void aPolicyWithoutACatchAllHasAGap() {
        var rules = io.barwise.policy.PolicyReader.read(io.barwise.yaml.YamlReader.parse("gpu.yaml", """
                policies:
                  - name: gpu-wc
                    match: device.baseClass == 0x03 && bar.prefetchable
                    intent: write-combine
                """));
        List<Diagnostic> found = new ConflictAnalyzer(rules, List.of(), List.of(), 20_000).analyze();
        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("gap");
            assertThat(d.witness().get("device")).doesNotContain("class 0x03");
            assertThat(d.hint()).contains("catch-all");
        });
    }

    @Test
    void theDefaultPolicyHasNoFindings() {
        Checker.Result r = new Checker(true, 20_000).check(List.of(Path.of("policies"), Path.of("examples")));
        assertThat(r.diagnostics()).isEmpty();
        // the eight of policies/default.yaml and the embedding example's own (examples/embed/no-devmem.yaml)
        assertThat(r.policyRules()).isEqualTo(9);
    }
}
