package io.barwise.output;

import io.barwise.authoring.Checker;
import io.barwise.authoring.Coverage;
import io.barwise.authoring.Diagnostic;
import io.barwise.authoring.TestRunner;
import io.barwise.authoring.Coverage.Entry;
import io.barwise.authoring.Coverage.Scope;
import io.barwise.authoring.TestRunner.CaseResult;
import io.barwise.authoring.TestRunner.FieldResult;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders {@code check} and {@code test} results as a table (for people), JSON (for tools) and JUnit XML (for CI). */
public final class AuthoringReports {
    private AuthoringReports() {}

    // ---------------------------------------------------------------- check

    public static void checkTable(PrintWriter out, Checker.Result r) {
        for (Diagnostic d : r.diagnostics()) {
            out.println(d.describe());
            for (Diagnostic.Related rel : d.related()) {
                if (rel.location().equals(d.location())) continue;
                out.println("    see '" + rel.rule() + "' at " + rel.location().file() + ":" + rel.location().line() + ":" + rel.location().column());
            }
        }
        out.printf("%d error(s), %d warning(s) in %d file(s), %d policy rule(s)%n", r.errors(), r.warnings(), r.files().size(), r.policyRules());
    }

    public static Map<String, Object> checkJson(Checker.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("files", r.files());
        m.put("policyRules", r.policyRules());
        m.put("errors", r.errors());
        m.put("warnings", r.warnings());
        m.put("diagnostics", r.diagnostics().stream().map(Diagnostic::toMap).toList());
        return m;
    }

    // ---------------------------------------------------------------- test

    public static void testTable(PrintWriter out, TestRunner.Run run, boolean verbose) {
        for (Diagnostic d : run.errors()) out.println("ERROR " + d.describe());
        for (CaseResult c : run.results()) {
            out.println((c.passed() ? "PASS  " : "FAIL  ") + c.file() + ": " + c.label());
            if (c.passed() && !verbose) continue;
            if (!c.passed()) out.println("      at " + c.location().file() + ":" + c.location().line() + ":" + c.location().column());
            for (String p : c.problems()) out.println("      problem: " + p);
            if (!c.fields().isEmpty()) {
                int w1 = 10, w2 = 8;
                for (FieldResult f : c.fields()) {
                    w1 = Math.max(w1, f.field().length());
                    w2 = Math.max(w2, Math.min(48, f.expected().length()));
                }
                out.printf("      %-" + w1 + "s  %-" + w2 + "s  %s%n", "field", "expected", "actual");
                for (FieldResult f : c.fields()) {
                    out.printf("      %-" + w1 + "s  %-" + w2 + "s  %s%s%n", f.field(), f.expected(), f.actual(), f.ok() ? "" : "   <-- differs");
                }
            }
        }
    }

    public static void coverageTable(PrintWriter out, Coverage cov, boolean list) {
        out.printf("coverage: policy rules %d/%d (%s), DRL rules %d/%d (%s), all %d/%d (%s)%n",
                cov.covered(Scope.POLICIES), cov.total(Scope.POLICIES), cov.percentText(Scope.POLICIES),
                cov.covered(Scope.RULES), cov.total(Scope.RULES), cov.percentText(Scope.RULES),
                cov.covered(Scope.ALL), cov.total(Scope.ALL), cov.percentText(Scope.ALL));
        long both = cov.conditions().stream().filter(Coverage.Cond::both).count();
        out.printf("conditions: %d/%d seen both true and false%n", both, cov.conditions().size());
        if (!list) return;
        for (Coverage.Cond c : cov.conditions()) {
            if (c.both() || c.trues() + c.falses() == 0) continue;
            String never = c.trues() == 0 ? "never true" : "never false";
            out.println("  condition " + never + ": `" + c.source() + "` of policy " + c.rule() + " at " + c.location().file() + ":"
                    + c.location().line() + ":" + c.location().column() + (c.source().strip().equals("true") ? " (always true by design)" : ""));
        }
        for (Entry e : cov.policies()) {
            if (e.hits() == 0) out.println("  never matched: policy " + e.name() + " at " + e.location().file() + ":" + e.location().line() + ":" + e.location().column());
        }
        for (Entry e : cov.rules()) {
            if (e.hits() == 0) out.println("  never fired: " + e.kind() + " rule \"" + e.name() + "\"");
        }
    }

    public static Map<String, Object> coverageJson(Coverage cov, BigDecimal threshold, Scope scope) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Scope s : Scope.values()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("covered", cov.covered(s));
            x.put("total", cov.total(s));
            x.put("percent", cov.percent(s).setScale(2, java.math.RoundingMode.DOWN));
            m.put(s.id(), x);
        }
        List<Object> entries = new ArrayList<>();
        for (Entry e : cov.entries(Scope.ALL)) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", e.name());
            x.put("kind", e.kind());
            if (e.location() != null) x.put("location", e.location().file() + ":" + e.location().line() + ":" + e.location().column());
            x.put("hits", e.hits());
            entries.add(x);
        }
        m.put("rules", entries);
        List<Object> conds = new ArrayList<>();
        for (Coverage.Cond c : cov.conditions()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("rule", c.rule());
            x.put("condition", c.source());
            x.put("location", c.location().file() + ":" + c.location().line() + ":" + c.location().column());
            x.put("true", c.trues());
            x.put("false", c.falses());
            conds.add(x);
        }
        m.put("conditions", conds);
        if (threshold != null) {
            m.put("threshold", threshold);
            m.put("scope", scope.id());
            m.put("met", cov.meets(threshold, scope));
        }
        return m;
    }

    public static Map<String, Object> testJson(TestRunner.Run run, boolean coverage, BigDecimal threshold, Scope scope) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("files", run.files());
        m.put("errors", run.errors().stream().map(Diagnostic::toMap).toList());
        List<Object> results = new ArrayList<>();
        for (CaseResult c : run.results()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("file", c.file());
            x.put("test", c.test());
            x.put("request", c.request());
            x.put("name", c.label());
            x.put("location", c.location().file() + ":" + c.location().line() + ":" + c.location().column());
            x.put("passed", c.passed());
            x.put("fields", c.fields().stream().map(f -> {
                Map<String, Object> y = new LinkedHashMap<>();
                y.put("field", f.field());
                y.put("expected", f.expected());
                y.put("actual", f.actual());
                y.put("ok", f.ok());
                return y;
            }).toList());
            x.put("problems", c.problems());
            results.add(x);
        }
        m.put("results", results);
        if (coverage) m.put("coverage", coverageJson(run.coverage(), threshold, scope));
        m.put("passed", run.passed());
        m.put("failed", run.failed());
        return m;
    }

    public static String junit(TestRunner.Run run) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<testsuites name=\"barwise\" tests=\"").append(run.results().size() + run.errors().size()).append("\" failures=\"")
                .append(run.failed()).append("\" errors=\"").append(run.errors().size()).append("\">\n");
        Map<String, List<CaseResult>> byFile = new LinkedHashMap<>();
        for (String f : run.files()) byFile.put(f, new ArrayList<>());
        for (CaseResult c : run.results()) byFile.computeIfAbsent(c.file(), k -> new ArrayList<>()).add(c);
        for (var e : byFile.entrySet()) {
            List<Diagnostic> errs = run.errors().stream().filter(d -> d.location().file().equals(e.getKey())).toList();
            long failures = e.getValue().stream().filter(c -> !c.passed()).count();
            sb.append("  <testsuite name=\"").append(x(e.getKey())).append("\" tests=\"").append(e.getValue().size() + errs.size())
                    .append("\" failures=\"").append(failures).append("\" errors=\"").append(errs.size()).append("\">\n");
            for (Diagnostic d : errs) {
                sb.append("    <testcase classname=\"").append(x(e.getKey())).append("\" name=\"load\">\n");
                sb.append("      <error type=\"").append(x(d.code())).append("\" message=\"").append(x(d.describe())).append("\"/>\n");
                sb.append("    </testcase>\n");
            }
            for (CaseResult c : e.getValue()) {
                sb.append("    <testcase classname=\"").append(x(c.file())).append("\" name=\"").append(x(c.label())).append("\"");
                if (c.passed()) {
                    sb.append("/>\n");
                    continue;
                }
                sb.append(">\n");
                List<String> lines = new ArrayList<>(c.problems());
                for (FieldResult f : c.fields()) {
                    if (!f.ok()) lines.add(f.field() + ": expected " + f.expected() + ", actual " + f.actual());
                }
                sb.append("      <failure message=\"").append(x(lines.isEmpty() ? "failed" : lines.get(0))).append("\">")
                        .append(x(c.location().file() + ":" + c.location().line() + ":" + c.location().column() + "\n" + String.join("\n", lines)))
                        .append("</failure>\n");
                sb.append("    </testcase>\n");
            }
            sb.append("  </testsuite>\n");
        }
        // Errors in files that are not test files of the run (e.g. a scenario they point to).
        for (Diagnostic d : run.errors()) {
            if (byFile.containsKey(d.location().file())) continue;
            sb.append("  <testsuite name=\"").append(x(d.location().file())).append("\" tests=\"1\" failures=\"0\" errors=\"1\">\n");
            sb.append("    <testcase classname=\"").append(x(d.location().file())).append("\" name=\"load\">\n");
            sb.append("      <error type=\"").append(x(d.code())).append("\" message=\"").append(x(d.describe())).append("\"/>\n");
            sb.append("    </testcase>\n  </testsuite>\n");
        }
        sb.append("</testsuites>\n");
        return sb.toString();
    }

    static String x(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\n' -> b.append("&#10;");
                default -> {
                    if (ch < 0x20 && ch != '\t') b.append("?");
                    else b.append(ch);
                }
            }
        }
        return b.toString();
    }
}
