package io.barwise.policy;

import io.barwise.model.Intent;
import io.barwise.model.InvalidInputException;
import io.barwise.model.NodeKind;
import io.barwise.model.SourceLocation;
import io.barwise.yaml.Node;
import io.barwise.yaml.Node.ListNode;
import io.barwise.yaml.Node.MapNode;
import io.barwise.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads site policy files: a top-level {@code policies:} list of rules with {@code name},
 * {@code match} (one MVEL expression or a list that must all hold), and any of {@code intent},
 * {@code decision} (allow/deny), {@code message}, {@code prefer}, {@code forbid}, {@code priority},
 * {@code description}. Rule names are unique across all files read together.
 */
public final class PolicyReader {
    private PolicyReader() {}

    /** The fields of a policy file and of one rule; the JSON Schema is checked against these. */
    public static final Set<String> TOP = Set.of("policies", "description");
    public static final Set<String> RULE = Set.of("name", "description", "priority", "match", "intent", "decision", "message", "prefer", "forbid");
    /** What a rule name may look like. */
    public static final String NAME_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]*$";

    /** Reads every {@code .yaml}/{@code .yml}/{@code .json} file under the given files or directories, in name order. */
    public static List<PolicyRule> read(List<Path> paths) {
        return read(paths, null);
    }

    /**
     * Like {@link #read(List)}, but with {@code problems} non-null every problem in every file is reported
     * to it and reading goes on; a rule with a problem is left out of the result.
     */
    public static List<PolicyRule> read(List<Path> paths, Consumer<InvalidInputException> problems) {
        List<PolicyRule> rules = new ArrayList<>();
        Map<String, SourceLocation> names = new HashMap<>();
        for (Path file : files(paths)) {
            List<PolicyRule> inFile;
            if (problems == null) {
                inFile = readFile(file);
            } else {
                try {
                    inFile = read(YamlReader.read(file), problems);
                } catch (InvalidInputException e) {
                    problems.accept(e);
                    continue;
                }
            }
            for (PolicyRule r : inFile) {
                SourceLocation earlier = names.putIfAbsent(r.name(), r.location());
                if (earlier != null) {
                    report(problems, new InvalidInputException("duplicate-policy", r.location(), "policy rule '" + r.name()
                            + "' is defined twice", "the other one is at " + earlier + "; rename one of them"));
                    continue;
                }
                rules.add(r);
            }
        }
        return rules;
    }

    private static void report(Consumer<InvalidInputException> problems, InvalidInputException e) {
        if (problems == null) throw e;
        problems.accept(e);
    }

    /**
     * The policy files under these files and directories, in the order they are read; in a directory, test
     * files ({@code *.test.yaml}) are not policies and are skipped.
     */
    public static List<Path> files(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(PolicyReader::isPolicyFile).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new InvalidInputException("unreadable", new SourceLocation(p.toString(), 0, 0, ""), "cannot list: " + e.getMessage(), null);
                }
            } else if (Files.exists(p)) {
                out.add(p);
            } else {
                throw new InvalidInputException("no-such-file", new SourceLocation(p.toString(), 0, 0, ""), "no such file or directory", null);
            }
        }
        return out;
    }

    private static boolean isPolicyFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (isTestFile(p)) return false;
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    /** {@code *.test.yaml}, {@code *.test.yml}, {@code *.test.json}: barwise test files. */
    public static boolean isTestFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".test.yaml") || n.endsWith(".test.yml") || n.endsWith(".test.json");
    }

    public static List<PolicyRule> readFile(Path file) {
        return read(YamlReader.read(file));
    }

    public static List<PolicyRule> read(Node root) {
        return read(root, null);
    }

    /** Reads the rules of one parsed file; with {@code problems} non-null, reports every problem and skips rules that have one. */
    public static List<PolicyRule> read(Node root, Consumer<InvalidInputException> problems) {
        MapNode top = root.asMap();
        if (problems == null) top.rejectUnknown(TOP);
        else top.unknownFields(TOP).forEach(problems);
        return rules(top.require("policies"), problems);
    }

    /** Reads a list of policy rules (the value of a {@code policies:} field). */
    public static List<PolicyRule> rules(Node list) {
        return rules(list, null);
    }

    /** Like {@link #rules(Node)}; with {@code problems} non-null, reports every problem and skips rules that have one. */
    public static List<PolicyRule> rules(Node list, Consumer<InvalidInputException> problems) {
        List<PolicyRule> rules = new ArrayList<>();
        for (Node n : list.asList().items()) {
            if (problems == null) {
                rules.add(rule(n.asMap(), null));
                continue;
            }
            try {
                PolicyRule r = rule(n.asMap(), problems);
                if (r != null) rules.add(r);
            } catch (InvalidInputException e) {
                problems.accept(e);
            }
        }
        return rules;
    }

    /** One rule; with {@code problems}, unknown fields and every condition that does not compile are all reported, and null returned. */
    private static PolicyRule rule(MapNode m, Consumer<InvalidInputException> problems) {
        int[] count = {0};
        Consumer<InvalidInputException> sink = problems == null ? null : e -> { count[0]++; problems.accept(e); };
        if (sink == null) m.rejectUnknown(RULE);
        else m.unknownFields(RULE).forEach(sink);
        Node nameNode = m.require("name");
        String name = nameNode.asString();
        if (!name.matches(NAME_PATTERN)) {
            report(sink, nameNode.error("bad-name", "policy name '" + name + "' may only use letters, digits, '.', '_' and '-'",
                    "e.g. " + name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[^A-Za-z0-9]+", "")));
        }
        List<Condition> conditions = new ArrayList<>();
        for (Node c : ListNode.of(m.require("match")).items()) {
            try {
                conditions.add(MvelCondition.compile(c.asString(), c.location()));
            } catch (InvalidInputException e) {
                report(sink, e);
            }
        }
        if (count[0] > 0) return null;
        if (conditions.isEmpty()) throw m.require("match").error("empty-match", "match needs at least one condition", "use 'true' to match every BAR");
        PolicyRule.Decision decision = m.get("decision", n -> n.as(PolicyReader::decision), null);
        Intent intent = m.get("intent", n -> n.as(Intent::parse), null);
        List<NodeKind> prefer = new ArrayList<>(new LinkedHashSet<>(kinds(m, "prefer")));
        Set<NodeKind> forbid = EnumSet.noneOf(NodeKind.class);
        forbid.addAll(kinds(m, "forbid"));
        if (decision == null && intent == null && prefer.isEmpty() && forbid.isEmpty()) {
            throw m.error("no-effect", "policy rule '" + name + "' has no effect",
                    "give it an intent, a decision (allow/deny), prefer or forbid");
        }
        for (NodeKind k : prefer) {
            if (forbid.contains(k)) throw m.require("prefer").error("conflicting-fields", "'" + name(k) + "' is both preferred and forbidden", null);
        }
        String message = m.get("message", Node::asString, null);
        if (message != null) {
            java.util.regex.Matcher ph = java.util.regex.Pattern.compile("\\{[a-zA-Z.]+\\}").matcher(message);
            while (ph.find()) {
                if (!PolicyRule.PLACEHOLDERS.contains(ph.group())) {
                    throw m.require("message").error("bad-placeholder", "unknown placeholder " + ph.group() + " in the message",
                            "use " + PolicyRule.PLACEHOLDERS.stream().sorted().toList());
                }
            }
        }
        return new PolicyRule(name, m.get("description", Node::asString, null), nameNode.location(),
                m.get("priority", Node::asInt, 0), conditions, intent, decision, message, prefer, forbid);
    }

    private static PolicyRule.Decision decision(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "allow" -> PolicyRule.Decision.ALLOW;
            case "deny" -> PolicyRule.Decision.DENY;
            default -> throw new IllegalArgumentException("decision must be allow or deny, not '" + s + "'");
        };
    }

    /** Node kinds in policies are BAR-independent: resource, resource_wc, resource_wb, devmem, devmem-sync (resourceN... also accepted). */
    static NodeKind kind(String s) {
        return switch (s.trim().replace("resourceN", "resource")) {
            case "resource" -> NodeKind.RESOURCE;
            case "resource_wc" -> NodeKind.RESOURCE_WC;
            case "resource_wb" -> NodeKind.RESOURCE_WB;
            case "devmem" -> NodeKind.DEVMEM;
            case "devmem-sync" -> NodeKind.DEVMEM_SYNC;
            default -> throw new IllegalArgumentException("unknown node kind '" + s + "', expected resource, resource_wc, resource_wb, devmem or devmem-sync");
        };
    }

    public static String name(NodeKind k) {
        return switch (k) {
            case RESOURCE -> "resource";
            case RESOURCE_WC -> "resource_wc";
            case RESOURCE_WB -> "resource_wb";
            case DEVMEM -> "devmem";
            case DEVMEM_SYNC -> "devmem-sync";
        };
    }

    private static List<NodeKind> kinds(MapNode m, String field) {
        return m.get(field, n -> ListNode.of(n).items().stream().map(x -> x.as(PolicyReader::kind)).toList(), List.of());
    }
}
