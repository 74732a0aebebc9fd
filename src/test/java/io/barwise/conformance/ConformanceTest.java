package io.barwise.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.barwise.engine.DecisionEngine;
import io.barwise.engine.Report;
import io.barwise.model.Decision;
import io.barwise.model.Errno;
import io.barwise.model.MemType;
import io.barwise.policy.PolicyReader;
import io.barwise.policy.PolicyRule;
import io.barwise.scenario.ScenarioReader;
import io.barwise.yaml.Node;
import io.barwise.yaml.Node.MapNode;
import io.barwise.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every conformance case under src/test/resources/conformance: one YAML file per kernel
 * behaviour, with a scenario, optional policies, and the expected fields of each request's decision.
 */
class ConformanceTest {
    static final Path DIR = Path.of("src/test/resources/conformance");
    static final Set<String> CASE_FIELDS = Set.of("description", "cites", "scenario", "policies", "expect");
    static final Set<String> EXPECT_FIELDS = Set.of("node", "outcome", "errno", "memtype", "effective", "pgprot", "remap", "rules", "warnings");

    static Stream<Path> cases() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void conforms(Path file) {
        MapNode c = YamlReader.read(file).asMap();
        c.rejectUnknown(CASE_FIELDS);
        List<PolicyRule> policies = c.get("policies", PolicyReader::rules, List.of());
        Report report = DecisionEngine.create(policies, List.of()).decide(ScenarioReader.read(c.require("scenario")));
        List<Node> expected = c.require("expect").asList().items();
        assertThat(report.decisions()).as("one expectation per request in %s", file).hasSize(expected.size());
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            failures.addAll(compare(i, expected.get(i).asMap(), report.decisions().get(i)));
        }
        if (!failures.isEmpty()) {
            fail(c.require("description").asString() + "\n" + String.join("\n", failures) + "\n\ndecisions:\n"
                    + report.decisions().stream().map(Decision::toString).reduce("", (a, b) -> a + b + "\n"));
        }
    }

    static List<String> compare(int i, MapNode e, Decision d) {
        e.rejectUnknown(EXPECT_FIELDS);
        List<String> out = new ArrayList<>();
        check(out, i, "node", e, d.node());
        check(out, i, "outcome", e, d.outcome().id());
        check(out, i, "errno", e, d.errno() == null ? null : d.errno().name());
        check(out, i, "memtype", e, d.memtype() == null ? "none" : d.memtype().patName());
        check(out, i, "effective", e, d.effective() == null ? null : d.effective().shortName());
        check(out, i, "pgprot", e, d.pgprot());
        check(out, i, "remap", e, d.remap() == null ? null : d.remap().id());
        for (Node r : e.get("rules", Node::asList, new Node.ListNode(e.location(), List.of())).items()) {
            if (!d.rules().contains(r.asString())) out.add("#" + i + " rule '" + r.asString() + "' did not fire; fired: " + d.rules());
        }
        for (Node w : e.get("warnings", Node::asList, new Node.ListNode(e.location(), List.of())).items()) {
            if (d.warnings().stream().noneMatch(x -> x.contains(w.asString()))) {
                out.add("#" + i + " no warning contains '" + w.asString() + "'; warnings: " + d.warnings());
            }
        }
        return out;
    }

    static void check(List<String> out, int i, String field, MapNode e, String actual) {
        e.get(field).ifPresent(n -> {
            if (!n.asString().equals(actual)) out.add("#" + i + " " + field + ": expected " + n.asString() + ", got " + actual);
        });
    }

    /** The cases together must exercise every errno and every PAT type barwise models. */
    @Test
    void casesCoverEveryErrnoAndMemtype() throws IOException {
        Set<Errno> errnos = EnumSet.noneOf(Errno.class);
        Set<MemType> memtypes = EnumSet.noneOf(MemType.class);
        for (Path p : cases().toList()) {
            for (Node n : YamlReader.read(p).asMap().require("expect").asList().items()) {
                MapNode e = n.asMap();
                e.get("errno").ifPresent(x -> errnos.add(Errno.parse(x.asString())));
                e.get("memtype").filter(x -> !x.asString().equals("none")).ifPresent(x -> memtypes.add(MemType.parse(x.asString())));
            }
        }
        assertThat(errnos).containsAll(EnumSet.of(Errno.EPERM, Errno.ENOENT, Errno.EAGAIN, Errno.EACCES, Errno.ENODEV, Errno.EINVAL, Errno.ENOMEM,
                Errno.EOVERFLOW));
        assertThat(memtypes).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(MemType.class));
    }
}
