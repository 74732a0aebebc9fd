package io.barwise.cli;

import io.barwise.audit.AuditLog;
import io.barwise.engine.Report;
import io.barwise.model.Decision;
import io.barwise.output.ReportDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the CLI writes to an audit log. */
final class Audit {
    private Audit() {}

    static void decisions(AuditLog log, String scenario, byte[] text, io.barwise.policy.SitePolicy policies, Report report) {
        String inputs = inputsHash(text, policies);
        for (Decision d : report.decisions()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("scenario", scenario);
            fields.put("inputs", inputs);
            fields.putAll(ReportDocument.summary(d));
            log.append("decision", fields);
        }
    }

    /** SHA-256 over the scenario's text and every policy file, in order. */
    static String inputsHash(byte[] scenario, io.barwise.policy.SitePolicy policies) {
        List<byte[]> parts = new ArrayList<>();
        parts.add(scenario);
        parts.addAll(policies.contents());
        return AuditLog.hash(parts.toArray(byte[][]::new));
    }
}
