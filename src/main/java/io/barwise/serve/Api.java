package io.barwise.serve;

import io.barwise.authoring.Diagnostic;
import io.barwise.engine.Report;
import io.barwise.model.InvalidInputException;
import io.barwise.output.Format;
import io.barwise.model.Request;
import io.barwise.model.Scenario;
import io.barwise.model.SourceLocation;
import io.barwise.output.Contract;
import io.barwise.output.ReportDocument;
import io.barwise.policy.PolicyReader;
import io.barwise.policy.PolicyRule;
import io.barwise.policy.PolicyVerdict;
import io.barwise.scenario.ScenarioReader;
import io.barwise.yaml.YamlReader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP API, in the manner of OPA's: {@code POST /v1/decide} (a scenario in, an {@code EvalReport}
 * out), {@code POST /v1/check} (a policy file in, a {@code CheckReport} out), {@code GET /v1/health},
 * {@code GET /v1/metrics}. It only decides: the body is parsed as text (a scenario names no files) and
 * nothing is opened or mapped. Bad input is a 400 whose {@code Error} document holds the same located
 * diagnostics as the CLI.
 */
final class Api extends Handler.Abstract {

    /** Limits on what one request may ask. */
    record Limits(int maxBodyBytes, int maxRequests, long decideMillis) {}

    private final PolicySet policies;
    private final Limits limits;
    private final byte[] token;
    private final ExecutorService deciders;
    final Metrics metrics = new Metrics();
    private final AtomicLong inFlight = new AtomicLong();

    Api(PolicySet policies, Limits limits, String token, ExecutorService deciders) {
        this.policies = policies;
        this.limits = limits;
        this.token = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.deciders = deciders;
    }

    /** A finished answer: status, content type, body. */
    private record Answer(int status, String type, String body) {
        static Answer json(int status, Object doc) { return new Answer(status, "application/json", Contract.write(doc, Format.json)); }
    }

    @Override
    public boolean handle(org.eclipse.jetty.server.Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        String path = request.getHttpURI().getPath();
        String known = switch (path) {
            case "/v1/decide", "/v1/check", "/v1/health", "/v1/metrics" -> path;
            default -> "other";
        };
        Answer a;
        try {
            a = answer(request, path);
        } catch (InvalidInputException e) {
            a = error(400, e.getMessage(), List.of(Diagnostic.error(e)));
        } catch (RuntimeException e) {
            a = error(500, "internal error: " + e, List.of());
        } finally {
            inFlight.decrementAndGet();
        }
        metrics.record(known, a.status(), System.nanoTime() - start);
        response.setStatus(a.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, a.type() + "; charset=utf-8");
        if (a.status() == 401) response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
        Content.Sink.write(response, true, a.body(), callback);
        return true;
    }

    private Answer answer(org.eclipse.jetty.server.Request request, String path) {
        if (token != null && !authorized(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            return error(401, "a bearer token is required (Authorization: Bearer TOKEN)", List.of());
        }
        String method = request.getMethod();
        return switch (path) {
            case "/v1/decide" -> method.equals("POST") ? decide(request) : notAllowed("POST");
            case "/v1/check" -> method.equals("POST") ? check(request) : notAllowed("POST");
            case "/v1/health" -> method.equals("GET") ? health() : notAllowed("GET");
            case "/v1/metrics" -> method.equals("GET") ? new Answer(200, "text/plain; version=0.0.4", metrics.text(policies, inFlight.get()))
                    : notAllowed("GET");
            default -> error(404, "no such endpoint: " + path + " (POST /v1/decide, POST /v1/check, GET /v1/health, GET /v1/metrics)", List.of());
        };
    }

    private boolean authorized(String header) {
        return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), token);
    }

    private Answer decide(org.eclipse.jetty.server.Request request) {
        String text = body(request);
        boolean explain = query(request, "explain");
        Scenario s = ScenarioReader.read(YamlReader.parse("request", text));
        if (s.requests().size() > limits.maxRequests()) {
            throw new InvalidInputException("too-many-requests", new SourceLocation("request", 0, 0, "requests"),
                    s.requests().size() + " requests in one scenario; at most " + limits.maxRequests(), "split the scenario");
        }
        PolicySet.Loaded engine = policies.current();
        Future<Report> f = deciders.submit(() -> engine.barwise().decide(s));
        Report report;
        try {
            report = f.get(limits.decideMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return error(503, "the decision took longer than " + limits.decideMillis() + " ms", List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "interrupted", List.of());
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
        metrics.decisions.add(report.decisions().size());
        List<List<PolicyVerdict>> explanations = null;
        List<List<io.barwise.advice.Advice>> advice = null;
        if (explain) {
            // as eval --explain: each policy rule's verdict, and advice (which decides again, outside the decide timeout)
            explanations = new ArrayList<>();
            for (Request r : s.requests()) explanations.add(engine.barwise().explainPolicies(s, r));
            advice = engine.barwise().advise(s, report);
        }
        return Answer.json(200, ReportDocument.eval(List.of(new ReportDocument.Evaluated("request", report, explanations, advice))));
    }

    /** A policy file's diagnostics (the CLI's {@code barwise check} of one file, without the conflict analysis). */
    private Answer check(org.eclipse.jetty.server.Request request) {
        String text = body(request);
        List<Diagnostic> problems = new ArrayList<>();
        List<PolicyRule> rules = List.of();
        try {
            rules = PolicyReader.read(YamlReader.parse("request", text), e -> problems.add(Diagnostic.error(e)));
        } catch (InvalidInputException e) {
            problems.add(Diagnostic.error(e));
        }
        Map<String, Object> doc = Contract.document(Contract.Kind.CHECK_REPORT);
        doc.put("files", List.of("request"));
        doc.put("policyRules", rules.size());
        doc.put("errors", problems.stream().filter(Diagnostic::isError).count());
        doc.put("warnings", problems.stream().filter(d -> !d.isError()).count());
        doc.put("diagnostics", problems.stream().map(Diagnostic::toMap).toList());
        return Answer.json(200, doc);
    }

    private Answer health() {
        PolicySet.Loaded l = policies.current();
        Map<String, Object> doc = Contract.document(Contract.Kind.HEALTH);
        doc.put("status", "ok");
        doc.put("policyGeneration", l.generation());
        doc.put("policyRules", l.rules());
        doc.put("policiesLoadedAt", java.time.Instant.ofEpochMilli(l.loadedAtMillis()).toString());
        return Answer.json(200, doc);
    }

    private String body(org.eclipse.jetty.server.Request request) {
        long declared = request.getLength();
        if (declared > limits.maxBodyBytes()) throw tooLarge();
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] b = in.readNBytes(limits.maxBodyBytes() + 1);
            if (b.length > limits.maxBodyBytes()) throw tooLarge();
            return new String(b, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new InvalidInputException("unreadable", new SourceLocation("request", 0, 0, ""), "cannot read the body: " + e.getMessage(), null);
        }
    }

    private InvalidInputException tooLarge() {
        return new InvalidInputException("too-large", new SourceLocation("request", 0, 0, ""),
                "the body is larger than " + limits.maxBodyBytes() + " bytes", null);
    }

    private static boolean query(org.eclipse.jetty.server.Request request, String name) {
        String q = request.getHttpURI().getQuery();
        if (q == null) return false;
        for (String p : q.split("&")) if (p.equals(name) || p.equals(name + "=true") || p.equals(name + "=1")) return true;
        return false;
    }

    private static Answer notAllowed(String allowed) {
        return error(405, "method not allowed; use " + allowed, List.of());
    }

    static Answer error(int status, String message, List<Diagnostic> diagnostics) {
        Map<String, Object> doc = Contract.document(Contract.Kind.ERROR);
        doc.put("status", status);
        doc.put("message", message);
        doc.put("diagnostics", diagnostics.stream().map(Diagnostic::toMap).toList());
        return Answer.json(status, doc);
    }
}
