package io.barwise.output;

import io.barwise.authoring.Checker;
import io.barwise.authoring.Coverage;
import io.barwise.authoring.TestRunner;
import io.barwise.model.Decision;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** {@code kind: TestReport} and {@code kind: CheckReport}: the authoring results of {@code barwise test} and {@code barwise check}. */
public final class AuthoringDocuments {
    private AuthoringDocuments() {}

    /** The test run; each result carries the {@code decision} it checked (null when the request does not exist). */
    public static Map<String, Object> test(TestRunner.Run run, boolean coverage, BigDecimal threshold, Coverage.Scope scope) {
        Map<String, Object> doc = Contract.document(Contract.Kind.TEST_REPORT);
        doc.putAll(AuthoringReports.testJson(run, coverage, threshold, scope));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) doc.get("results");
        for (int i = 0; i < results.size(); i++) {
            Decision d = run.results().get(i).decision();
            results.get(i).put("decision", d == null ? null : ReportDocument.decision(d, null));
        }
        return doc;
    }

    public static Map<String, Object> check(Checker.Result r) {
        Map<String, Object> doc = Contract.document(Contract.Kind.CHECK_REPORT);
        doc.putAll(AuthoringReports.checkJson(r));
        return doc;
    }
}
