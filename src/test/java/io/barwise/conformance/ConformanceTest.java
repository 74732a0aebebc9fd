package io.barwise.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import io.barwise.DrlFiles;
import io.barwise.authoring.TestFile;
import io.barwise.authoring.TestRunner;
import io.barwise.engine.DecisionEngine;
import io.barwise.engine.Report;
import io.barwise.model.Decision;
import io.barwise.model.Errno;
import io.barwise.model.InvalidInputException;
import io.barwise.model.MemType;
import io.barwise.policy.PolicyReader;
import io.barwise.reference.ReferenceModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every conformance case under src/test/resources/conformance (test files, {@code *.test.yaml}, one per
 * kernel behaviour, each test citing what it follows) against both deciders: the Drools engine, on every
 * expectation, and the reference model, on the decision fields it decides ({@link #REFERENCE_FIELDS}) unless
 * {@link KnownDifferences} says why not.
 */
class ConformanceTest {
    static final Path DIR = Path.of("src/test/resources/conformance");

    /** The fields the reference model decides, as the differential test compares them. */
    static final Set<String> REFERENCE_FIELDS = Set.of("node", "outcome", "errno", "memtype", "effective", "remap");

    static final Decider REFERENCE = new ReferenceModel()::decide;
    static final Map<String, Decider> ENGINES = new HashMap<>();

    static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".test.yaml")).sorted().toList();
        }
    }

    static List<TestFile.Test> tests(Path file) {
        List<InvalidInputException> problems = new ArrayList<>();
        TestFile tf = TestFile.read(file, problems);
        if (tf == null) fail(file + " is not a valid test file:\n" + String.join("\n", problems.stream().map(Throwable::getMessage).toList()));
        return tf.tests();
    }

    static Decider engine(TestFile.Test t) {
        return ENGINES.computeIfAbsent(t.policies() + "|" + t.rules(), k -> DecisionEngine.create(PolicyReader.read(t.policies()),
                t.rules().stream().flatMap(p -> DrlFiles.under(p).stream()).toList())::decide);
    }

    @TestFactory
    Stream<DynamicTest> cases() throws IOException {
        List<DynamicTest> out = new ArrayList<>();
        for (Path f : files()) {
            for (TestFile.Test t : tests(f)) {
                out.add(DynamicTest.dynamicTest("engine: " + t.name(), () -> check(t, engine(t), true)));
                out.add(DynamicTest.dynamicTest("reference: " + t.name(), () -> {
                    String skip = KnownDifferences.whyReferenceSkips(t);
                    Assumptions.assumeTrue(skip == null, skip);
                    check(t, REFERENCE, false);
                }));
            }
        }
        return out.stream();
    }

    /** Decides the case and compares it; {@code explains}: the decider names rules and gives warnings and reasons. */
    static void check(TestFile.Test t, Decider decider, boolean explains) {
        Report report = decider.decide(t.scenario());
        List<Decision> ds = report.decisions();
        assertThat(t.expect().stream().map(TestFile.Expectation::request).toList()).as("%s: one expectation per request, in order", t.name())
                .isEqualTo(IntStream.range(0, ds.size()).boxed().toList());
        List<String> failures = new ArrayList<>();
        for (TestFile.Expectation e : t.expect()) {
            Decision d = ds.get(e.request());
            String at = "#" + e.request() + " ";
            for (TestFile.Field f : e.fields()) {
                if (!explains && !REFERENCE_FIELDS.contains(f.name())) continue;
                TestRunner.FieldResult r = TestRunner.compare(f, d);
                if (!r.ok()) failures.add(at + f.name() + ": expected " + r.expected() + ", got " + r.actual());
            }
            if (!explains) continue;
            for (TestFile.Value v : e.fired()) if (!d.rules().contains(v.text())) failures.add(at + "rule '" + v.text() + "' did not fire; fired: " + d.rules());
            for (TestFile.Value v : e.notFired()) if (d.rules().contains(v.text())) failures.add(at + "rule '" + v.text() + "' fired");
            if (e.warningsGiven() && e.warnings().isEmpty() && !d.warnings().isEmpty()) failures.add(at + "expected no warning, got " + d.warnings());
            for (TestFile.Value v : e.warnings()) {
                if (d.warnings().stream().noneMatch(x -> x.contains(v.text()))) failures.add(at + "no warning contains '" + v.text() + "'; warnings: " + d.warnings());
            }
            for (TestFile.Value v : e.reasons()) {
                if (d.reasons().stream().noneMatch(x -> x.contains(v.text()))) failures.add(at + "no reason contains '" + v.text() + "'; reasons: " + d.reasons());
            }
            if (!e.matched().isEmpty() || !e.notMatched().isEmpty()) failures.add(at + "matched/notMatched belong in policy tests (policies/tests), not here");
        }
        if (!failures.isEmpty()) {
            fail(t.name() + " (" + t.cites() + ")\n" + String.join("\n", failures) + "\n\ndecisions:\n"
                    + String.join("\n", ds.stream().map(Decision::toString).toList()));
        }
    }

    /** Every case cites what it follows, and is named once (KnownDifferences names cases). */
    @Test
    void everyCaseCitesAndHasItsOwnName() throws IOException {
        Set<String> names = new HashSet<>();
        for (Path f : files()) {
            for (TestFile.Test t : tests(f)) {
                assertThat(t.cites()).as("%s: %s cites", f, t.name()).isNotBlank();
                assertThat(names.add(t.name())).as("%s: the name %s is taken", f, t.name()).isTrue();
            }
        }
        assertThat(names).containsAll(KnownDifferences.SKIP.keySet());
    }

    /** A case can fail: a wrong expectation fails against each decider, a wrong rule name against the engine. */
    @Test
    void aWrongExpectationFails(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("wrong.test.yaml");
        Files.writeString(f, """
                tests:
                  - name: wrong
                    cites: nothing
                    scenario:
                      devices: [{bdf: "0000:00:02.0", vendor: 0x1af4, device: 0x1110, bars: [{index: 2, start: 0xfe400000, size: 4M, flags: 0x14220c}]}]
                      requests: [{device: "0000:00:02.0", bar: 2, node: resource2}]
                    expect:
                      - {request: 0, outcome: mapped, memtype: write-back}
                  - name: wrong-rule
                    cites: nothing
                    scenario:
                      devices: [{bdf: "0000:00:02.0", vendor: 0x1af4, device: 0x1110, bars: [{index: 2, start: 0xfe400000, size: 4M, flags: 0x14220c}]}]
                      requests: [{device: "0000:00:02.0", bar: 2, node: resource2}]
                    expect:
                      - {request: 0, outcome: mapped, fired: ["no such rule"]}
                """);
        List<TestFile.Test> t = tests(f);
        assertThatThrownBy(() -> check(t.get(0), engine(t.get(0)), true)).isInstanceOf(AssertionError.class).hasMessageContaining("memtype");
        assertThatThrownBy(() -> check(t.get(0), REFERENCE, false)).isInstanceOf(AssertionError.class).hasMessageContaining("memtype");
        assertThatThrownBy(() -> check(t.get(1), engine(t.get(1)), true)).isInstanceOf(AssertionError.class).hasMessageContaining("no such rule");
    }

    /** The cases together must exercise every errno and every PAT type barwise models. */
    @Test
    void casesCoverEveryErrnoAndMemtype() throws IOException {
        Set<Errno> errnos = EnumSet.noneOf(Errno.class);
        Set<MemType> memtypes = EnumSet.noneOf(MemType.class);
        for (Path f : files()) {
            for (TestFile.Test t : tests(f)) {
                for (TestFile.Expectation e : t.expect()) {
                    for (TestFile.Field x : e.fields()) {
                        if (x.name().equals("errno") && !x.expected().equals("none")) errnos.add(Errno.parse(x.expected()));
                        if (x.name().equals("memtype") && !x.expected().equals("none")) memtypes.add(MemType.parse(x.expected()));
                    }
                }
            }
        }
        assertThat(errnos).containsAll(EnumSet.of(Errno.EPERM, Errno.ENOENT, Errno.EAGAIN, Errno.EACCES, Errno.ENODEV, Errno.EINVAL, Errno.ENOMEM,
                Errno.EOVERFLOW));
        assertThat(memtypes).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(MemType.class));
    }
}
