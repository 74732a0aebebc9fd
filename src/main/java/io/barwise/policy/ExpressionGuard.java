package io.barwise.policy;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps policy expressions to comparisons over the four views. MVEL can otherwise reach any class
 * (it knows {@code Runtime}, {@code System} and {@code Class} without imports), so an expression may
 * only name the variables {@code device}, {@code bar}, {@code platform}, {@code request}, their
 * properties, a few String and collection methods, and literals. No assignment, no statements,
 * no {@code new}, no blocks.
 */
final class ExpressionGuard {
    private ExpressionGuard() {}

    static final Set<String> ROOTS = Set.of("device", "bar", "platform", "request");
    static final Set<String> WORDS = Set.of("true", "false", "null", "empty", "nil", "contains", "is", "isdef",
            "instanceof", "soundslike", "strsim", "convertable_to", "matches", "and", "or");
    /** Methods that only read a String or a collection. */
    static final Set<String> METHODS = Set.of("startsWith", "endsWith", "contains", "equals", "equalsIgnoreCase", "length",
            "toLowerCase", "toUpperCase", "matches", "isEmpty", "size", "trim");
    static final Set<String> FORBIDDEN_WORDS = Set.of("new", "def", "function", "import", "import_static", "while", "for",
            "foreach", "until", "do", "with", "assert", "return", "if", "else", "modify", "var");

    private static final Pattern TOKEN = Pattern.compile(
            "\\s+|'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"|0[xX][0-9a-fA-F_]+[lL]?|\\d[\\d_]*(?:\\.\\d+)?[lLdDfF]?|[A-Za-z_$][A-Za-z0-9_$]*|==|!=|<=|>=|&&|\\|\\||[-+*/%<>!().,\\[\\]?:~^&|]|.");

    /** Null if the expression is allowed, else the reason it is not. */
    static String check(String expr, Set<String> properties) {
        Matcher m = TOKEN.matcher(expr);
        String previous = "";
        String beforePrevious = "";
        int previousEnd = -1;
        while (m.find()) {
            String t = m.group();
            if (t.isBlank()) { previousEnd = -1; continue; }
            char c = t.charAt(0);
            if (Character.isLetter(c) || c == '_' || c == '$') {
                if (FORBIDDEN_WORDS.contains(t)) return "'" + t + "' is not allowed in a policy expression";
                if (previousEnd == m.start() && previous.matches("\\d[\\d_]*") && t.matches("(?i)[kmgt](ib)?")) {
                    return "'" + previous + t + "' is not an MVEL number: size suffixes work in YAML fields, not in expressions; write 0x"
                            + Long.toHexString(io.barwise.yaml.Numbers.parse(previous + t));
                }
                if (previous.equals(".") && ROOTS.contains(beforePrevious)) {
                    Set<String> own = Properties.BY_ROOT.get(beforePrevious);
                    if (!own.contains(t)) {
                        String near = io.barwise.yaml.Numbers.closest(t, own);
                        String other = Properties.BY_ROOT.entrySet().stream().filter(e -> e.getValue().contains(t)).map(e -> e.getKey() + "." + t)
                                .findFirst().orElse(null);
                        return beforePrevious + " has no property '" + t + "'" + (near != null ? " (did you mean '" + beforePrevious + "." + near + "'?)"
                                : other != null ? " (did you mean '" + other + "'?)" : "") + "; " + beforePrevious + " has: " + String.join(", ", own);
                    }
                } else if (previous.equals(".")) {
                    if (!properties.contains(t) && !METHODS.contains(t)) {
                        String near = io.barwise.yaml.Numbers.closest(t, properties);
                        return "'" + t + "' is not a property a policy expression may read" + (near != null ? " (did you mean '" + near + "'?)" : "");
                    }
                } else if (!ROOTS.contains(t) && !WORDS.contains(t)) {
                    return "unknown name '" + t + "': expressions may only use device, bar, platform and request";
                }
            } else if (t.length() == 1 && "=;{}@#\\$`".indexOf(c) >= 0) {
                return "'" + t + "' is not allowed: a policy expression is a single condition (use == to compare)";
            }
            beforePrevious = previous;
            previous = t;
            previousEnd = m.end();
        }
        return null;
    }
}
