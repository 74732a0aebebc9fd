package io.barwise.authoring;

import io.barwise.engine.DecisionEngine;
import io.barwise.model.ErrorCode;
import io.barwise.model.InvalidInputException;
import io.barwise.model.Scenario;
import io.barwise.model.SourceLocation;
import io.barwise.policy.PolicyReader;
import io.barwise.policy.PolicyRule;
import io.barwise.scenario.ScenarioReader;
import io.barwise.yaml.Node;
import io.barwise.yaml.Node.MapNode;
import io.barwise.yaml.Numbers;
import io.barwise.yaml.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;

/**
 * {@code barwise check}: reads policies, scenarios, test files and user DRL without deciding anything, and
 * reports every problem it finds (not only the first), then analyses the policies for conflicts.
 */
public final class Checker {

    /** What was checked and what was found. */
    public record Result(List<Diagnostic> diagnostics, List<String> files, int policyRules) {
        public long errors() { return diagnostics.stream().filter(Diagnostic::isError).count(); }

        public long warnings() { return diagnostics.size() - errors(); }
    }

    public enum FileKind { POLICY, SCENARIO, TEST, DRL }

    private final boolean analyze;
    private final int budget;

    public Checker(boolean analyze, int budget) {
        this.analyze = analyze;
        this.budget = budget;
    }

    public static List<Path> files(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(f -> {
                        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json") || n.endsWith(".drl");
                    }).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new InvalidInputException(ErrorCode.UNREADABLE, new SourceLocation(p.toString(), 0, 0, ""), "cannot list: " + e.getMessage(), null);
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    public Result check(List<Path> paths) {
        List<Diagnostic> diags = new ArrayList<>();
        List<Path> files = files(paths);
        List<Path> policyFiles = new ArrayList<>();
        List<Scenario> scenarios = new ArrayList<>();
        List<String> scenarioNames = new ArrayList<>();
        List<Path> drl = new ArrayList<>();
        List<Path> testFiles = new ArrayList<>();
        for (Path f : files) {
            if (!Files.exists(f)) {
                diags.add(Diagnostic.error(new InvalidInputException(ErrorCode.NO_SUCH_FILE, new SourceLocation(f.toString(), 0, 0, ""),
                        "no such file or directory", "give policy, scenario, test (*.test.yaml) or DRL files, or folders holding them")));
                continue;
            }
            if (f.toString().endsWith(".drl")) {
                drl.add(f);
                continue;
            }
            Node root;
            try {
                root = YamlReader.read(f);
            } catch (InvalidInputException e) {
                diags.add(Diagnostic.error(e));
                continue;
            }
            FileKind kind = classify(f, root);
            if (kind == null && root instanceof MapNode m && m.fields().isEmpty()) {
                diags.add(Diagnostic.error(new InvalidInputException("empty-file", root.location(), "the file is empty (or holds only comments)",
                        "is this the right file? A scenario lists devices: and requests:, a policy file policies:, a test file tests:")));
                continue;
            }
            if (kind == null) {
                diags.add(Diagnostic.error(new InvalidInputException(ErrorCode.UNKNOWN_FILE_KIND, root.location(),
                        "cannot tell whether this is a policy, scenario or test file",
                        "a policy file has 'policies:', a test file is named *.test.yaml and has 'tests:', a scenario has devices:/requests:")));
                continue;
            }
            switch (kind) {
                case POLICY -> {
                    Validator.validate(root, Schemas.POLICY_FILE).forEach(e -> diags.add(withPolicyRule(Diagnostic.error(e), root)));
                    policyFiles.add(f);
                }
                case SCENARIO -> {
                    List<InvalidInputException> shape = Validator.validate(root, Schemas.SCENARIO_FILE);
                    shape.forEach(e -> diags.add(Diagnostic.error(e)));
                    if (shape.isEmpty()) {
                        try {
                            ScenarioReader.Checked c = ScenarioReader.check(root, ScenarioReader.Use.DECIDE);
                            c.findings().forEach(x -> diags.add(new Diagnostic(x.error() ? Diagnostic.Severity.ERROR : Diagnostic.Severity.WARNING,
                                    x.code(), x.location(), null, x.message(), x.hint(), null, null)));
                            scenarios.add(c.scenario());
                            scenarioNames.add(f.toString());
                        } catch (InvalidInputException e) {
                            diags.add(Diagnostic.error(e));
                        }
                    }
                }
                case TEST -> testFiles.add(f);
                default -> throw new IllegalStateException();
            }
        }
        // Policy files are read together, as eval reads them: duplicate names across files are errors too.
        List<PolicyRule> rules = PolicyReader.read(policyFiles, e -> diags.add(Diagnostic.error(e)));
        for (int i = 0; i < diags.size(); i++) {
            Diagnostic d = diags.get(i);
            if (d.rule() == null && d.isError() && policyFiles.stream().anyMatch(p -> p.toString().equals(d.location().file()))) {
                diags.set(i, withPolicyRule(d, null));
            }
        }
        TestRunner runner = testFiles.isEmpty() ? null : new TestRunner();
        for (Path t : testFiles) {
            List<InvalidInputException> problems = new ArrayList<>();
            TestFile tf = TestFile.read(t, problems);
            problems.forEach(e -> diags.add(Diagnostic.error(e)));
            if (tf != null) diags.addAll(runner.precheck(tf));
        }
        for (Path f : drl) diags.addAll(checkDrl(f));
        if (analyze && !rules.isEmpty()) diags.addAll(new ConflictAnalyzer(rules, scenarios, scenarioNames, budget).analyze());
        List<Diagnostic> unique = dedupe(diags);
        unique.sort(Comparator.comparing((Diagnostic d) -> d.severity()).thenComparing(d -> d.location().file())
                .thenComparingInt(d -> d.location().line()).thenComparingInt(d -> d.location().column()));
        return new Result(unique, files.stream().map(Path::toString).toList(), rules.size());
    }

    private static List<Diagnostic> dedupe(List<Diagnostic> in) {
        Set<String> seen = new HashSet<>();
        List<Diagnostic> out = new ArrayList<>();
        for (Diagnostic d : in) {
            String key = d.code() + "|" + d.location().file() + "|" + d.location().line() + "|" + d.location().column() + "|" + d.message();
            String loose = d.code() + "|" + d.location().file() + "|" + d.location().line() + "|" + d.location().column();
            // One error per place: the shape check and the reader often see the same mistake.
            if (d.isError()) key = "E|" + d.location().file() + "|" + d.location().line() + "|" + d.location().column();
            if (seen.add(key)) out.add(d);
        }
        return out;
    }

    static FileKind classify(Path f, Node root) {
        if (PolicyReader.isTestFile(f)) return FileKind.TEST;
        if (!(root instanceof MapNode m)) return null;
        Set<String> keys = m.fields().keySet();
        if (keys.contains("tests")) return FileKind.TEST;
        if (keys.contains("policies")) return FileKind.POLICY;
        if (keys.contains("devices") || keys.contains("requests") || keys.contains("platform") || keys.contains("reservations")) return FileKind.SCENARIO;
        return null;
    }

    private static final Pattern RULE_INDEX = Pattern.compile("^policies\\[(\\d+)]");

    /** Adds the policy rule's name to an error located inside {@code policies[i]}. */
    private static Diagnostic withPolicyRule(Diagnostic d, Node root) {
        if (d.rule() != null) return d;
        Matcher m = RULE_INDEX.matcher(d.location().field() == null ? "" : d.location().field());
        if (!m.find()) return d;
        try {
            Node r = root != null ? root : YamlReader.read(Path.of(d.location().file()));
            Node rule = r.asMap().require("policies").asList().items().get(Integer.parseInt(m.group(1)));
            if (rule instanceof MapNode rm && rm.fields().get("name") instanceof Node.Scalar s && s.text() != null) return d.withRule(s.text());
        } catch (RuntimeException ignored) {
            // no name to add
        }
        return d;
    }

    private static final Pattern DRL_RULE = Pattern.compile("^\\s*rule\\s+(\"([^\"]+)\"|'([^']+)'|(\\S+))");

    /** Compiles one user DRL file and reports every error, each with the rule it is in (by line). */
    public static List<Diagnostic> checkDrl(Path f) {
        List<Diagnostic> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            out.add(Diagnostic.error(new InvalidInputException(ErrorCode.UNREADABLE, new SourceLocation(f.toString(), 0, 0, ""), "cannot read: " + e.getMessage(), null)));
            return out;
        }
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
        builder.add(ResourceFactory.newFileResource(f.toFile()), ResourceType.DRL);
        Set<String> builtIn = new LinkedHashSet<>(DecisionEngine.builtIn().ruleNames());
        if (builder.hasErrors()) {
            for (KnowledgeBuilderError e : builder.getErrors()) {
                int line = e.getLines().length > 0 ? e.getLines()[0] : 0;
                int col = 0;
                if (e instanceof org.drools.drl.parser.ParserError pe) col = pe.getCol();
                else if (e instanceof org.drools.compiler.compiler.DescrBuildError de) col = de.getColumn();
                String rule = null;
                if (e instanceof org.drools.compiler.compiler.RuleBuildError rb && rb.getRule() != null) rule = rb.getRule().getName();
                if (rule == null) rule = ruleAt(lines, line);
                String msg = e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
                if (msg.length() > 300) msg = msg.substring(0, 297) + "...";
                out.add(new Diagnostic(Diagnostic.Severity.ERROR, ErrorCode.DRL_COMPILE.id(), new SourceLocation(f.toString(), line, Math.max(col, 0), ""), rule,
                        msg, hint(msg), null, null));
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = DRL_RULE.matcher(lines.get(i));
            if (!m.find()) continue;
            String name = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
            if (builtIn.contains(name)) {
                out.add(new Diagnostic(Diagnostic.Severity.ERROR, ErrorCode.DRL_DUPLICATE_RULE.id(), new SourceLocation(f.toString(), i + 1, m.start(1) + 1, ""), name,
                        "rule \"" + name + "\" has the name of a built-in rule", "rename it: coverage and test expectations name rules", null, null));
            }
        }
        return out;
    }

    private static String hint(String msg) {
        String m = msg.toLowerCase(Locale.ROOT);
        if (m.contains("unable to resolve objecttype") || m.contains("unable to resolve object type") || m.contains("cannot be resolved")) {
            return "rules may match the facts in io.barwise.rules (MmapRequest, PciBar, Attempt, Refusal, ...); import io.barwise.rules.* or use 'package io.barwise.rules;'";
        }
        if (m.contains("mismatched input") || m.contains("no viable alternative") || m.contains("extraneous input") || m.contains("missing")) {
            return "a DRL rule reads: rule \"name\" when <patterns> then <actions> end";
        }
        return "fix the DRL; rules may use the facts in io.barwise.rules";
    }

    /** The name of the DRL rule whose text contains {@code line} (the last "rule" line at or above it). */
    static String ruleAt(List<String> lines, int line) {
        for (int i = Math.min(line, lines.size()) - 1; i >= 0; i--) {
            Matcher m = DRL_RULE.matcher(lines.get(i));
            if (m.find()) return m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
        }
        return null;
    }

    static String closest(String s, Set<String> known) { return Numbers.closest(s, known); }
}
