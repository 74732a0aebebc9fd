package io.barwise.authoring;

import io.barwise.authoring.Diagnostic.Related;
import io.barwise.authoring.Diagnostic.Severity;
import io.barwise.model.Arch;
import io.barwise.model.ErrorCode;
import io.barwise.model.Hypervisor;
import io.barwise.model.Lockdown;
import io.barwise.policy.Condition;
import io.barwise.policy.PolicyRule;
import io.barwise.yaml.Numbers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cheap proofs that a rule can never match: its conditions are split at top-level {@code &&} into atoms of
 * the form {@code root.property OP literal} or {@code [!]root.flag}; atoms on one property are intersected
 * with the property's valid range (BAR index 0..5, 16-bit ids, ...) and with the device model (a BAR is
 * memory or I/O, never both; only memory BARs are prefetchable or 64-bit; arch, hypervisor and lockdown take
 * known values). Conditions with {@code ||}, parentheses or anything else are left to the witness search.
 */
final class StaticCheck {
    private StaticCheck() {}

    private static final String PROP = "((?:device|bar|platform|request)\\.[A-Za-z]+)";
    private static final String LIT = "(0[xX][0-9a-fA-F_]+|-?\\d[\\d_]*|'[^']*'|\"[^\"]*\")";
    private static final Pattern CMP = Pattern.compile("^\\s*" + PROP + "\\s*(==|!=|<=|>=|<|>)\\s*" + LIT + "\\s*$");
    private static final Pattern CMP_REV = Pattern.compile("^\\s*" + LIT + "\\s*(==|!=|<=|>=|<|>)\\s*" + PROP + "\\s*$");
    private static final Pattern FLAG = Pattern.compile("^\\s*(!?)\\s*" + PROP + "\\s*$");

    static final Map<String, long[]> RANGES = Map.ofEntries(
            Map.entry("bar.index", new long[] {0, 5}), Map.entry("device.vendor", new long[] {0, 0xffff}),
            Map.entry("device.device", new long[] {0, 0xffff}), Map.entry("device.subsystemVendor", new long[] {0, 0xffff}),
            Map.entry("device.subsystemDevice", new long[] {0, 0xffff}), Map.entry("device.classCode", new long[] {0, 0xffffff}),
            Map.entry("device.baseClass", new long[] {0, 0xff}), Map.entry("device.revision", new long[] {0, 0xff}),
            Map.entry("bar.size", new long[] {1, Long.MAX_VALUE}), Map.entry("request.offset", new long[] {0, Long.MAX_VALUE}),
            Map.entry("request.id", new long[] {0, Integer.MAX_VALUE}));

    static final Map<String, List<String>> VALUES = Map.of(
            "platform.arch", Arrays.stream(Arch.values()).map(Arch::id).toList(),
            "platform.hypervisor", Arrays.stream(Hypervisor.values()).map(Hypervisor::id).toList(),
            "platform.lockdown", Arrays.stream(Lockdown.values()).map(Lockdown::id).toList());

    private record Atom(Condition in, String text) {}

    /** A never-matches finding, or null if no contradiction was found. */
    static Diagnostic check(PolicyRule r) {
        Map<String, long[]> range = new HashMap<>();
        Map<String, Atom> rangeWhy = new HashMap<>();
        Map<String, String> eqStr = new HashMap<>();
        Map<String, Atom> eqWhy = new HashMap<>();
        Map<String, Boolean> flags = new HashMap<>();
        Map<String, Atom> flagWhy = new HashMap<>();
        for (Condition c : r.conditions()) {
            String src = c.source();
            if (src.contains("||") || src.contains("(") || src.contains("?")) continue;
            for (String part : src.split("&&")) {
                Atom atom = new Atom(c, part.strip());
                Matcher m = CMP.matcher(part);
                String prop = null, op = null, lit = null;
                if (m.matches()) {
                    prop = m.group(1);
                    op = m.group(2);
                    lit = m.group(3);
                } else if ((m = CMP_REV.matcher(part)).matches()) {
                    prop = m.group(3);
                    op = flip(m.group(2));
                    lit = m.group(1);
                }
                if (prop != null) {
                    if (lit.startsWith("'") || lit.startsWith("\"")) {
                        String s = lit.substring(1, lit.length() - 1);
                        if (!op.equals("==")) continue;
                        List<String> known = VALUES.get(prop);
                        if (known != null && !known.contains(s)) {
                            return never(r, c, "`" + atom.text() + "` is never true: " + prop + " is one of " + String.join(", ", known), null);
                        }
                        String before = eqStr.putIfAbsent(prop, s);
                        if (before != null && !before.equals(s)) return never(r, c, "`" + atom.text() + "` contradicts `"
                                + eqWhy.get(prop).text() + "`", eqWhy.get(prop));
                        eqWhy.putIfAbsent(prop, atom);
                        continue;
                    }
                    long v;
                    try {
                        v = Numbers.parse(lit);
                    } catch (RuntimeException e) {
                        continue;
                    }
                    long[] cur = range.computeIfAbsent(prop, k -> RANGES.getOrDefault(k, new long[] {Long.MIN_VALUE, Long.MAX_VALUE}).clone());
                    long[] before = cur.clone();
                    switch (op) {
                        case "==" -> { cur[0] = Math.max(cur[0], v); cur[1] = Math.min(cur[1], v); }
                        case "<" -> cur[1] = Math.min(cur[1], v == Long.MIN_VALUE ? v : v - 1);
                        case "<=" -> cur[1] = Math.min(cur[1], v);
                        case ">" -> cur[0] = Math.max(cur[0], v == Long.MAX_VALUE ? v : v + 1);
                        case ">=" -> cur[0] = Math.max(cur[0], v);
                        default -> { continue; }
                    }
                    if (cur[0] > cur[1]) {
                        Atom earlier = rangeWhy.get(prop);
                        String why = earlier == null
                                ? prop + " is always between " + before[0] + " and 0x" + Long.toHexString(before[1])
                                : "it contradicts `" + earlier.text() + "`";
                        return never(r, c, "`" + atom.text() + "` is never true: " + why, earlier);
                    }
                    rangeWhy.put(prop, atom);
                    continue;
                }
                Matcher f = FLAG.matcher(part);
                if (f.matches()) {
                    String p = f.group(2);
                    boolean want = f.group(1).isEmpty();
                    Boolean had = flags.putIfAbsent(p, want);
                    if (had != null && had != want) return never(r, c, "`" + atom.text() + "` contradicts `" + flagWhy.get(p).text() + "`", flagWhy.get(p));
                    flagWhy.putIfAbsent(p, atom);
                }
            }
        }
        // The device model: a BAR is memory or I/O; only memory BARs are prefetchable or 64-bit.
        if (Boolean.TRUE.equals(flags.get("bar.io"))) {
            for (String p : List.of("bar.mem", "bar.prefetchable", "bar.mem64")) {
                if (Boolean.TRUE.equals(flags.get(p))) {
                    return never(r, flagWhy.get(p).in(), "`" + flagWhy.get(p).text() + "` and `" + flagWhy.get("bar.io").text()
                            + "` are never both true: an I/O BAR is not memory, prefetchable or 64-bit", flagWhy.get("bar.io"));
                }
            }
        }
        return null;
    }

    private static String flip(String op) {
        return switch (op) {
            case "<" -> ">";
            case ">" -> "<";
            case "<=" -> ">=";
            case ">=" -> "<=";
            default -> op;
        };
    }

    private static Diagnostic never(PolicyRule r, Condition c, String why, Atom other) {
        List<Related> related = new ArrayList<>();
        related.add(new Related(r.name(), r.location()));
        if (other != null && other.in() != c) related.add(new Related(r.name(), other.in().location()));
        return new Diagnostic(Severity.WARNING, ErrorCode.NEVER_MATCHES.id(), c.location(), r.name(),
                "policy rule '" + r.name() + "' can never match: " + why, "fix or remove the condition", related, null);
    }
}
