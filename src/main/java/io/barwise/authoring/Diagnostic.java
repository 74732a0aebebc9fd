package io.barwise.authoring;

import io.barwise.model.ErrorCode;
import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One thing {@code check} found: an error (the file cannot be used) or a warning (an analysis finding
 * such as a conflict). Always located; {@code rule} names the policy or DRL rule when there is one;
 * {@code related} are the other rules involved, with their locations; {@code witness} is a concrete
 * device/BAR/platform/request where the finding shows.
 */
public record Diagnostic(Severity severity, String code, SourceLocation location, String rule, String message, String hint,
                         List<Related> related, Map<String, String> witness) {

    public enum Severity {
        ERROR, WARNING;

        public String id() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /** Another rule a finding is about, and where it is. */
    public record Related(String rule, SourceLocation location) {}

    public Diagnostic {
        location = location == null ? SourceLocation.UNKNOWN : location;
        related = related == null ? List.of() : List.copyOf(related);
        witness = witness == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(witness));
    }

    public static Diagnostic error(InvalidInputException e) {
        return new Diagnostic(Severity.ERROR, e.code(), e.location(), null, e.getMessage(), hintFor(e), null, null);
    }

    private static final String GENERAL_HINT = "see docs/policies.md";

    /** The error's own hint, or a general one for its code, so that every error says how to fix it. */
    static String hintFor(InvalidInputException e) {
        if (e.hint() != null && !e.hint().isBlank()) return e.hint();
        ErrorCode code = ErrorCode.of(e.code());
        if (code == null) return GENERAL_HINT;
        return switch (code) {
            case WRONG_TYPE -> "check the indentation and the value's form: a mapping is 'key: value' lines, a list is '- item' lines or [a, b]";
            case MISSING_VALUE -> "give the field a value or remove it";
            case NOT_A_NUMBER -> "write a number: decimal, 0x hex, 0o octal, 0b binary, or with K/M/G/T (powers of 1024)";
            case OUT_OF_RANGE -> "use a value inside the range given";
            case BAD_VALUE -> "use one of the values the message lists (barwise schema shows them all)";
            case YAML_SYNTAX -> "check indentation (spaces, not tabs), colons after keys, and quotes around values with ': ' or '#'";
            case DUPLICATE_KEY, DUPLICATE_DEVICE, DUPLICATE_BAR, DUPLICATE_POLICY -> "keep only one of them";
            case NO_SUCH_FILE -> "check the path; paths in test files are relative to the test file";
            case UNREADABLE, NOT_UTF8, TOO_LARGE, TOO_DEEP -> "give a readable, UTF-8, hand-sized YAML file";
            case UNKNOWN_DEVICE -> "describe the device under devices: or fix its bdf";
            case UNKNOWN_BAR -> "describe the BAR under the device's bars: or fix the index";
            case CONFLICTING_FIELDS -> "keep one of the two fields";
            case MVEL_COMPILE, MVEL_FORBIDDEN, MVEL_NOT_BOOLEAN -> "write a comparison over device, bar, platform and request, e.g. bar.index == 2";
            default -> GENERAL_HINT;
        };
    }

    public static Diagnostic error(InvalidInputException e, String rule) {
        return new Diagnostic(Severity.ERROR, e.code(), e.location(), rule, e.getMessage(), hintFor(e), null, null);
    }

    public Diagnostic withRule(String r) {
        return new Diagnostic(severity, code, location, r, message, hint, related, witness);
    }

    public boolean isError() { return severity == Severity.ERROR; }

    /** {@code file:line:col: error [code] field: message (rule 'x') - hint}, one line. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(location.file()).append(':').append(location.line()).append(':').append(location.column()).append(": ")
                .append(severity.id()).append(" [").append(code).append("] ");
        if (location.field() != null && !location.field().isEmpty() && !message.startsWith(location.field())) sb.append(location.field()).append(": ");
        sb.append(message);
        if (rule != null && !message.contains("'" + rule + "'")) sb.append(" (rule '").append(rule).append("')");
        if (hint != null && !hint.isBlank()) sb.append(" - ").append(hint);
        return sb.toString();
    }

    /** The JSON form: severity, code, file, line, col, field, rule, message, hint, related, witness. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("severity", severity.id());
        m.put("code", code);
        m.put("file", location.file());
        m.put("line", location.line());
        m.put("col", location.column());
        m.put("field", location.field() == null || location.field().isEmpty() ? null : location.field());
        m.put("rule", rule);
        m.put("message", message);
        m.put("hint", hint);
        if (!related.isEmpty()) {
            m.put("related", related.stream().map(r -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("rule", r.rule());
                x.put("file", r.location().file());
                x.put("line", r.location().line());
                x.put("col", r.location().column());
                return x;
            }).toList());
        }
        if (!witness.isEmpty()) m.put("witness", witness);
        return m;
    }
}
