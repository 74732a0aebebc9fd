package io.barwise.authoring;

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
        return new Diagnostic(Severity.ERROR, e.code(), e.location(), null, e.getMessage(), e.hint(), null, null);
    }

    public static Diagnostic error(InvalidInputException e, String rule) {
        return new Diagnostic(Severity.ERROR, e.code(), e.location(), rule, e.getMessage(), e.hint(), null, null);
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
