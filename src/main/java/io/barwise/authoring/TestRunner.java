package io.barwise.authoring;

import io.barwise.engine.DecisionEngine;
import io.barwise.engine.Report;
import io.barwise.model.Decision;
import io.barwise.model.ErrorCode;
import io.barwise.model.InvalidInputException;
import io.barwise.model.MemType;
import io.barwise.model.Request;
import io.barwise.model.Scenario;
import io.barwise.model.SourceLocation;
import io.barwise.policy.PolicyContext;
import io.barwise.policy.PolicyReader;
import io.barwise.policy.PolicyRule;
import io.barwise.policy.PolicyVerdict;
import io.barwise.yaml.Numbers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs test files: decides each test's scenario under its policies and DRL, and compares every expectation
 * field by field. Pre-checks are failures, not passes: an expectation for a request that does not exist,
 * one that asserts nothing, and a rule or policy name that the engine does not have.
 */
public final class TestRunner {

    /** One compared field: expected and actual as text. */
    public record FieldResult(String field, String expected, String actual, boolean ok) {}

    /** The result of one expectation. */
    public record CaseResult(String file, String test, int request, String label, SourceLocation location,
                             List<FieldResult> fields, List<String> problems, Decision decision) {
        public boolean passed() { return problems.isEmpty() && fields.stream().allMatch(FieldResult::ok); }
    }

    /** Everything a run produced; {@code errors} are invalid test files (exit 3). */
    public record Run(List<CaseResult> results, List<Diagnostic> errors, Coverage coverage, List<String> files) {
        public long passed() { return results.stream().filter(CaseResult::passed).count(); }

        public long failed() { return results.size() - passed(); }
    }

    private final Map<String, DecisionEngine> engines = new HashMap<>();
    private final Map<String, List<PolicyRule>> policyCache = new HashMap<>();
    private final Set<String> builtIn = new LinkedHashSet<>(DecisionEngine.builtIn().ruleNames());

    /** Test files under these paths: {@code *.test.yaml|yml|json}, directories walked in name order. */
    public static List<Path> testFiles(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(PolicyReader::isTestFile).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new InvalidInputException(ErrorCode.UNREADABLE, new SourceLocation(p.toString(), 0, 0, ""), "cannot list: " + e.getMessage(), null);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new InvalidInputException(ErrorCode.NO_SUCH_FILE, new SourceLocation(p.toString(), 0, 0, ""), "no such file or directory",
                        "give test files (*.test.yaml) or folders holding them");
            }
        }
        return out;
    }

    public Run run(List<Path> paths) {
        List<CaseResult> results = new ArrayList<>();
        List<Diagnostic> errors = new ArrayList<>();
        Coverage coverage = new Coverage();
        List<Path> files = testFiles(paths);
        for (Path f : files) {
            List<InvalidInputException> problems = new ArrayList<>();
            TestFile tf = TestFile.read(f, problems);
            if (tf == null) {
                problems.forEach(e -> errors.add(Diagnostic.error(e)));
                continue;
            }
            for (TestFile.Test t : tf.tests()) {
                try {
                    runTest(f, t, results, coverage);
                } catch (InvalidInputException e) {
                    errors.add(Diagnostic.error(e));
                }
            }
        }
        return new Run(results, errors, coverage, files.stream().map(Path::toString).toList());
    }

    private List<PolicyRule> policies(List<Path> paths) {
        return policyCache.computeIfAbsent(paths.toString(), k -> PolicyReader.read(paths));
    }

    private DecisionEngine engine(List<Path> policies, List<Path> rules) {
        return engines.computeIfAbsent(policies + "|" + rules, k -> DecisionEngine.create(policies(policies), drlFiles(rules)));
    }

    static List<Path> drlFiles(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) out.addAll(io.barwise.DrlFiles.under(p));
        return out;
    }

    private void runTest(Path file, TestFile.Test t, List<CaseResult> results, Coverage coverage) {
        DecisionEngine engine = engine(t.policies(), t.rules());
        List<PolicyRule> policies = engine.policies();
        Set<String> ruleNames = new LinkedHashSet<>(engine.ruleNames());
        coverage.declarePolicies(policies);
        coverage.declareRules(List.copyOf(ruleNames), builtIn);
        Scenario s = t.scenario();
        Report report = engine.decide(s);
        Set<String> policyNames = new LinkedHashSet<>(policies.stream().map(PolicyRule::name).toList());
        Set<Integer> counted = new java.util.HashSet<>();
        if (t.expect().isEmpty()) {
            results.add(new CaseResult(file.toString(), t.name(), -1, t.name(), t.location(), List.of(),
                    List.of("the test has no expectations: it checks nothing"), null));
        }
        for (TestFile.Expectation e : t.expect()) {
            String label = t.name() + " / request #" + e.request() + (e.name() == null ? "" : " (" + e.name() + ")");
            List<String> problems = new ArrayList<>();
            if (e.request() < 0 || e.request() >= s.requests().size()) {
                problems.add("request #" + e.request() + " does not exist: the scenario has " + s.requests().size()
                        + " request(s)" + (s.requests().isEmpty() ? "" : ", #0 to #" + (s.requests().size() - 1)));
                results.add(new CaseResult(file.toString(), t.name(), e.request(), label, e.location(), List.of(), problems, null));
                continue;
            }
            if (e.assertsNothing()) problems.add("the expectation asserts nothing: give at least one of node, outcome, errno, pgprot, "
                    + "memtype, effective, remap, fired, notFired, matched, notMatched, warnings, reasons");
            Request r = s.requests().get(e.request());
            Decision d = report.decisions().get(e.request());
            label = t.name() + " / request #" + e.request() + " " + r.describe() + (e.name() == null ? "" : " (" + e.name() + ")");
            List<PolicyVerdict> verdicts = PolicyVerdict.explain(policies, PolicyContext.of(s, r));
            if (counted.add(e.request())) {
                for (int i = 0; i < policies.size(); i++) {
                    if (verdicts.get(i).matched()) coverage.hitPolicy(policies.get(i));
                    coverage.observeConditions(policies.get(i), PolicyContext.of(s, r));
                }
                for (String rule : new LinkedHashSet<>(d.rules())) coverage.hitRule(rule);
            }
            Set<String> matched = new LinkedHashSet<>();
            for (PolicyVerdict v : verdicts) if (v.matched()) matched.add(v.rule());

            List<FieldResult> fields = new ArrayList<>();
            for (TestFile.Field f : e.fields()) fields.add(compare(f, d));
            for (TestFile.Value v : e.fired()) {
                if (!ruleNames.contains(v.text())) problems.add(unknown("rule", v, ruleNames));
                else fields.add(new FieldResult("fired", v.text(), d.rules().contains(v.text()) ? "fired" : "did not fire", d.rules().contains(v.text())));
            }
            for (TestFile.Value v : e.notFired()) {
                if (!ruleNames.contains(v.text())) problems.add(unknown("rule", v, ruleNames));
                else fields.add(new FieldResult("notFired", v.text(), d.rules().contains(v.text()) ? "fired" : "did not fire", !d.rules().contains(v.text())));
            }
            for (TestFile.Value v : e.matched()) {
                if (!policyNames.contains(v.text())) problems.add(unknown("policy rule", v, policyNames));
                else fields.add(new FieldResult("matched", v.text(), matched.contains(v.text()) ? "matched" : "did not match: " + whyNot(verdicts, v.text()),
                        matched.contains(v.text())));
            }
            for (TestFile.Value v : e.notMatched()) {
                if (!policyNames.contains(v.text())) problems.add(unknown("policy rule", v, policyNames));
                else fields.add(new FieldResult("notMatched", v.text(), matched.contains(v.text()) ? "matched" : "did not match", !matched.contains(v.text())));
            }
            if (e.warningsGiven() && e.warnings().isEmpty()) {
                fields.add(new FieldResult("warnings", "none", d.warnings().isEmpty() ? "none" : String.join(" | ", d.warnings()), d.warnings().isEmpty()));
            }
            for (TestFile.Value v : e.warnings()) {
                boolean ok = d.warnings().stream().anyMatch(w -> w.contains(v.text()));
                fields.add(new FieldResult("warnings", "contains '" + v.text() + "'", d.warnings().isEmpty() ? "none" : String.join(" | ", d.warnings()), ok));
            }
            for (TestFile.Value v : e.reasons()) {
                boolean ok = d.reasons().stream().anyMatch(w -> w.contains(v.text()));
                fields.add(new FieldResult("reasons", "contains '" + v.text() + "'", ok ? "found" : "not in: " + String.join(" | ", d.reasons()), ok));
            }
            results.add(new CaseResult(file.toString(), t.name(), e.request(), label, e.location(), fields, problems, d));
        }
    }

    /** The manifest pre-checks of {@link #run}, as errors for {@code check}: nothing is decided. */
    public List<Diagnostic> precheck(TestFile tf) {
        List<Diagnostic> out = new ArrayList<>();
        for (TestFile.Test t : tf.tests()) {
            DecisionEngine engine;
            try {
                engine = engine(t.policies(), t.rules());
            } catch (InvalidInputException e) {
                out.add(Diagnostic.error(e));
                continue;
            }
            Set<String> ruleNames = new LinkedHashSet<>(engine.ruleNames());
            Set<String> policyNames = new LinkedHashSet<>(engine.policies().stream().map(PolicyRule::name).toList());
            int n = t.scenario().requests().size();
            for (TestFile.Expectation e : t.expect()) {
                if (e.request() >= n) {
                    out.add(new Diagnostic(Diagnostic.Severity.ERROR, ErrorCode.TEST_UNKNOWN_REQUEST.id(), e.location(), null,
                            "request #" + e.request() + " does not exist: the scenario has " + n + " request(s)", "requests count from 0", null, null));
                }
                if (e.assertsNothing()) {
                    out.add(new Diagnostic(Diagnostic.Severity.ERROR, ErrorCode.TEST_ASSERTS_NOTHING.id(), e.location(), null,
                            "the expectation for request #" + e.request() + " asserts nothing", "give node, outcome, memtype, effective, ...", null, null));
                }
                for (List<TestFile.Value> l : List.of(e.fired(), e.notFired())) {
                    for (TestFile.Value v : l) if (!ruleNames.contains(v.text())) out.add(unknownDiag(ErrorCode.TEST_UNKNOWN_RULE, "rule", v, ruleNames));
                }
                for (List<TestFile.Value> l : List.of(e.matched(), e.notMatched())) {
                    for (TestFile.Value v : l) if (!policyNames.contains(v.text())) out.add(unknownDiag(ErrorCode.TEST_UNKNOWN_POLICY, "policy rule", v, policyNames));
                }
            }
        }
        return out;
    }

    private static Diagnostic unknownDiag(ErrorCode code, String what, TestFile.Value v, Set<String> known) {
        String near = Numbers.closest(v.text(), known);
        return new Diagnostic(Diagnostic.Severity.ERROR, code.id(), v.location(), null, "unknown " + what + " '" + v.text() + "'",
                near != null ? "did you mean '" + near + "'?" : "the names are those eval prints after 'rules:' (DRL) or 'policy' (policies)", null, null);
    }

    private static String whyNot(List<PolicyVerdict> verdicts, String rule) {
        for (PolicyVerdict v : verdicts) {
            if (v.rule().equals(rule) && !v.matched()) return "`" + v.failedCondition() + "` is false, saw " + v.observed();
        }
        return "";
    }

    private static String unknown(String what, TestFile.Value v, Set<String> known) {
        String near = Numbers.closest(v.text(), known);
        if (near == null) {
            for (String k : known) if (k.toLowerCase().contains(v.text().toLowerCase())) { near = k; break; }
        }
        return v.location() + ": unknown " + what + " '" + v.text() + "'" + (near != null ? ", did you mean '" + near + "'?" : "")
                + (what.equals("rule") ? " (DRL rule names are those eval prints after 'rules:')" : " (policy rule names are the name: fields of the test's policies)");
    }

    /** Compares one scalar field of an expectation with the decision (also used by the conformance cases). */
    public static FieldResult compare(TestFile.Field f, Decision d) {
        String exp = f.expected().trim();
        boolean none = exp.equalsIgnoreCase("none");
        return switch (f.name()) {
            case "node" -> eq(f, d.node());
            case "outcome" -> eq(f, d.outcome().id());
            case "errno" -> new FieldResult("errno", exp, d.errno() == null ? "none" : d.errno().name(),
                    none ? d.errno() == null : d.errno() != null && d.errno().name().equalsIgnoreCase(exp));
            case "pgprot" -> eq(f, d.pgprot());
            case "memtype" -> memType("memtype", exp, d.memtype(), true);
            case "effective" -> memType("effective", exp, d.effective(), false);
            case "remap" -> eq(f, d.remap() == null ? null : d.remap().id());
            default -> throw new IllegalStateException(f.name());
        };
    }

    private static FieldResult eq(TestFile.Field f, String actual) {
        String exp = f.expected().trim();
        String act = actual == null ? "none" : actual;
        return new FieldResult(f.name(), exp, act, exp.equals(act));
    }

    private static FieldResult memType(String field, String exp, MemType actual, boolean pat) {
        String act = actual == null ? "none" : pat ? actual.patName() : actual.shortName();
        if (exp.equalsIgnoreCase("none")) return new FieldResult(field, exp, act, actual == null);
        MemType want = MemType.parse(exp);
        return new FieldResult(field, exp, act, want == actual);
    }
}
