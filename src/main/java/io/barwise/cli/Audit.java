package io.barwise.cli;

import io.barwise.audit.AuditLog;
import io.barwise.engine.Report;
import io.barwise.model.Decision;
import io.barwise.output.ReportDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the CLI writes to an audit log. */
final class Audit {
    private Audit() {}

    static void decisions(AuditLog log, String scenario, byte[] text, List<Path> policies, Report report) {
        String inputs = inputsHash(text, policies);
        for (Decision d : report.decisions()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("scenario", scenario);
            fields.put("inputs", inputs);
            fields.putAll(ReportDocument.summary(d));
            log.append("decision", fields);
        }
    }

    /** SHA-256 over the scenario file and every policy file, in order. */
    static String inputsHash(byte[] scenario, List<Path> policies) {
        try {
            List<byte[]> parts = new ArrayList<>();
            parts.add(scenario);
            for (Path p : io.barwise.policy.PolicyReader.files(policies)) parts.add(Files.readAllBytes(p));
            return AuditLog.hash(parts.toArray(byte[][]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
