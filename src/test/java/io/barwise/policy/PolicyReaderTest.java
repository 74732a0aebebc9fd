package io.barwise.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.barwise.model.Bar;
import io.barwise.model.Device;
import io.barwise.model.InvalidInputException;
import io.barwise.model.Intent;
import io.barwise.model.NodeKind;
import io.barwise.model.Platform;
import io.barwise.model.Request;
import io.barwise.model.Scenario;
import io.barwise.yaml.YamlReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyReaderTest {

    static List<PolicyRule> read(String yaml) {
        return PolicyReader.read(YamlReader.parse("p.yaml", yaml));
    }

    static InvalidInputException error(String yaml) {
        try {
            read(yaml);
        } catch (InvalidInputException e) {
            return e;
        }
        throw new AssertionError("expected an error for:\n" + yaml);
    }

    static PolicyContext ivshmemBar2() {
        Device d = new Device("0000:00:02.0", 0x1af4, 0x1110, 0, 0, 0x050000, 1, null, false,
                List.of(new Bar(2, 0xfe400000L, 0xfe7fffffL, 0x14220c)));
        Scenario s = new Scenario(Platform.DEFAULT, List.of(d), List.of(), List.of(Request.node(0, d.bdf(), 2, NodeKind.RESOURCE)));
        return PolicyContext.of(s, s.requests().get(0));
    }

    @Test
    void compilesAndMatches() {
        List<PolicyRule> rules = read("""
                policies:
                  - name: shm
                    match: [device.vendor == 0x1af4, "bar.index == 2 && bar.prefetchable"]
                    intent: cacheable
                    prefer: [resource_wb]
                  - name: gpu
                    match: device.baseClass == 0x03
                    intent: write-combine
                """);
        assertThat(rules.get(0).intent()).isEqualTo(Intent.CACHEABLE);
        assertThat(rules.get(0).prefers(NodeKind.RESOURCE_WB)).isTrue();
        assertThat(rules.get(0).matches(ivshmemBar2())).isTrue();
        PolicyVerdict why = PolicyVerdict.explain(rules, ivshmemBar2()).get(1);
        assertThat(why.matched()).isFalse();
        assertThat(why.failedCondition()).isEqualTo("device.baseClass == 0x03");
        assertThat(why.observed()).isEqualTo("device.baseClass=5");
        assertThat(why.conditionLocation().line()).isEqualTo(7);
    }

    @Test
    void misspeltPropertyIsAnErrorAtLoad() {
        InvalidInputException e = error("policies:\n  - name: x\n    match: device.vendorId == 0x1af4\n    intent: cacheable\n");
        assertThat(e.describe()).contains("p.yaml:3:12", "vendorId");
    }

    @Test
    void nonBooleanExpressionIsAnError() {
        assertThat(error("policies:\n  - name: x\n    match: bar.size\n    intent: cacheable\n").code()).isEqualTo("mvel-not-boolean");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Runtime.getRuntime().exec('touch /tmp/x') == null",
        "java.lang.System.exit(1) == null",
        "device.getClass().forName('java.lang.Runtime') == null",
        "new java.io.File('/etc/passwd').exists()",
        "device.driver = 'x'",
        "bar.index == 2; System.exit(1)",
        "def f() { 1 }; true",
        "Thread.sleep(100000) == null",
        "@{device.bdf} == ''",
    })
    void expressionsCannotReachOutsideTheViews(String expr) {
        InvalidInputException e = error("policies:\n  - name: x\n    match: '" + expr.replace("'", "''") + "'\n    intent: cacheable\n");
        assertThat(e.code()).isIn("mvel-forbidden", "mvel-compile");
        assertThat(Path.of("/tmp/x")).doesNotExist();
    }

    @Test
    void ruleWithoutEffectOrDuplicateNameIsAnError() {
        assertThat(error("policies:\n  - name: x\n    match: \"true\"\n").code()).isEqualTo("no-effect");
        assertThat(error("policies:\n  - {name: x, match: \"true\", intent: cacheable, prefer: [devmem], forbid: [devmem]}\n").code())
                .isEqualTo("conflicting-fields");
        assertThat(error("policies:\n  - {name: x, match: \"true\", forbid: [resource_xx]}\n").describe()).contains("resource_wc");
    }

    @Test
    void shippedDefaultPolicyLoads() {
        List<PolicyRule> rules = PolicyReader.read(List.of(Path.of("policies")));
        assertThat(rules).extracting(PolicyRule::name).contains("ivshmem-shared-memory-is-cacheable", "registers-are-uncached");
        assertThat(rules.stream().filter(r -> r.matches(ivshmemBar2())).map(PolicyRule::name))
                .contains("ivshmem-shared-memory-is-cacheable");
    }
}
