package io.barwise.authoring;

import io.barwise.model.ErrorCode;
import io.barwise.model.InvalidInputException;
import io.barwise.model.Scenario;
import io.barwise.model.SourceLocation;
import io.barwise.scenario.ScenarioReader;
import io.barwise.yaml.Node;
import io.barwise.yaml.Node.ListNode;
import io.barwise.yaml.Node.MapNode;
import io.barwise.yaml.YamlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed test file ({@code *.test.yaml}): tests, each a scenario (a path or inline), the policies and user
 * DRL it runs under, and expectations per request. The format is in docs/policies.md ("Test it").
 */
public record TestFile(Path path, List<Test> tests) {

    /**
     * One test: its scenario and what each listed request must come out as.
     *
     * @param cites what the expectations follow (kernel functions, documents), or null
     */
    public record Test(String name, SourceLocation location, Scenario scenario, String scenarioSource,
                       List<Path> policies, List<Path> rules, List<Expectation> expect, String cites) {}

    /** A value written in the test file, with where. */
    public record Value(String text, SourceLocation location) {}

    /** What one request must come out as: scalar fields compared exactly, list fields as described in the schema. */
    public record Expectation(int request, String name, SourceLocation location, List<Field> fields,
                              List<Value> fired, List<Value> notFired, List<Value> matched, List<Value> notMatched,
                              List<Value> warnings, boolean warningsGiven, List<Value> reasons) {

        public boolean assertsNothing() {
            return fields.isEmpty() && fired.isEmpty() && notFired.isEmpty() && matched.isEmpty() && notMatched.isEmpty()
                    && !warningsGiven && reasons.isEmpty();
        }
    }

    /** A compared decision field: node, outcome, errno, pgprot, memtype, effective or remap. */
    public record Field(String name, String expected, SourceLocation location) {}

    static final List<String> SCALARS = List.of("node", "outcome", "errno", "pgprot", "memtype", "effective", "remap");

    /**
     * Reads and validates a test file. Structural problems are all reported (as one exception per problem in
     * {@code problems}); with any, null is returned. Scenario and policy paths are resolved against the file's folder.
     */
    public static TestFile read(Path file, List<InvalidInputException> problems) {
        Node root;
        try {
            root = YamlReader.read(file);
        } catch (InvalidInputException e) {
            problems.add(e);
            return null;
        }
        List<InvalidInputException> shape = new ArrayList<>(Validator.validate(root, Schemas.TEST_FILE));
        shape.sort(java.util.Comparator.comparingInt((InvalidInputException e) -> e.location().line()).thenComparingInt(e -> e.location().column()));
        if (!shape.isEmpty()) {
            problems.addAll(shape);
            return null;
        }
        Path dir = file.toAbsolutePath().getParent();
        MapNode top = root.asMap();
        List<Path> policies = paths(top, "policies", dir, file);
        List<Path> rules = paths(top, "rules", dir, file);
        List<Test> tests = new ArrayList<>();
        for (Node n : top.require("tests").asList().items()) {
            MapNode t = n.asMap();
            try {
                Node sc = t.require("scenario");
                Scenario scenario;
                String source;
                if (sc instanceof MapNode) {
                    scenario = ScenarioReader.read(sc);
                    source = "inline at " + sc.location().file() + ":" + sc.location().line();
                } else {
                    Path p = dir.resolve(sc.asString());
                    scenario = ScenarioReader.read(p);
                    source = relative(file, sc.asString());
                }
                List<Path> pol = t.get("policies").isPresent() ? paths(t, "policies", dir, file) : policies;
                List<Path> rul = t.get("rules").isPresent() ? paths(t, "rules", dir, file) : rules;
                List<Expectation> expect = new ArrayList<>();
                for (Node e : t.require("expect").asList().items()) expect.add(expectation(e.asMap()));
                tests.add(new Test(t.require("name").asString(), t.require("name").location(), scenario, source, pol, rul, expect,
                        t.get("cites", Node::asString, null)));
            } catch (InvalidInputException e) {
                problems.add(e);
            }
        }
        return problems.isEmpty() ? new TestFile(file, tests) : null;
    }

    private static String relative(Path testFile, String p) {
        Path parent = testFile.getParent();
        return parent == null ? p : parent.resolve(p).normalize().toString();
    }

    private static List<Path> paths(MapNode m, String field, Path dir, Path file) {
        List<Path> out = new ArrayList<>();
        m.get(field).ifPresent(n -> {
            for (Node x : ListNode.of(n).items()) {
                Path p = dir.resolve(x.asString()).normalize();
                if (!p.toFile().exists()) {
                    throw x.error(ErrorCode.NO_SUCH_FILE, "'" + x.asString() + "' does not exist (resolved against " + dir + ")",
                            "paths in a test file are relative to the test file's folder");
                }
                // Keep paths relative to the working directory when they were written relative, for stable output.
                Path rel = file.getParent() == null ? Path.of(x.asString()) : file.getParent().resolve(x.asString()).normalize();
                out.add(rel);
            }
        });
        return out;
    }

    private static List<Value> values(MapNode m, String field) {
        List<Value> out = new ArrayList<>();
        m.get(field).ifPresent(n -> {
            for (Node x : ListNode.of(n).items()) out.add(new Value(x.asString(), x.location()));
        });
        return out;
    }

    private static Expectation expectation(MapNode m) {
        List<Field> fields = new ArrayList<>();
        for (String f : SCALARS) {
            m.get(f).ifPresent(n -> fields.add(new Field(f, n instanceof Node.Scalar s && s.text() == null ? "none" : n.asString(), n.location())));
        }
        Node req = m.require("request");
        return new Expectation(req.asInt(), m.get("name", Node::asString, null), m.location(), fields,
                values(m, "fired"), values(m, "notFired"), values(m, "matched"), values(m, "notMatched"),
                values(m, "warnings"), m.get("warnings").isPresent(), values(m, "reasons"));
    }
}
