package io.barwise;

import io.barwise.advice.Advice;
import io.barwise.advice.Advisor;
import io.barwise.engine.DecisionEngine;
import io.barwise.engine.Report;
import io.barwise.model.Decision;
import io.barwise.model.Request;
import io.barwise.model.Scenario;
import io.barwise.policy.PolicyContext;
import io.barwise.policy.PolicyReader;
import io.barwise.policy.PolicyRule;
import io.barwise.policy.PolicyVerdict;
import io.barwise.policy.SitePolicy;
import io.barwise.scenario.ScenarioReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry point for tools that embed barwise.
 *
 * <pre>{@code
 * Barwise barwise = Barwise.builder().policies(Path.of("policies")).build();
 * Report report = barwise.decide(Barwise.readScenario(Path.of("examples/ivshmem-plain.yaml")));
 * for (Decision d : report.decisions()) System.out.println(d.node() + " " + d.outcome() + " " + d.effective());
 * }</pre>
 *
 * A {@code Barwise} is immutable and thread-safe; build one and share it. Nothing in this API
 * exposes Drools types. Bad input raises {@link io.barwise.model.InvalidInputException}, which says
 * where (file, line, column, field) and how to fix it.
 */
public final class Barwise {
    private final DecisionEngine engine;

    private Barwise(DecisionEngine engine) { this.engine = engine; }

    /** Built-in rules only, no site policy. */
    public static Barwise builtIn() { return new Barwise(DecisionEngine.builtIn()); }

    public static Builder builder() { return new Builder(); }

    /** Reads a scenario file (YAML or JSON). */
    public static Scenario readScenario(Path file) { return ScenarioReader.read(file); }

    /** Decides every request of the scenario, in order. */
    public Report decide(Scenario scenario) { return engine.decide(scenario); }

    /**
     * Decides many independent scenarios on all available processors; the result list matches the
     * input order and equals deciding each scenario alone with {@link #decide(Scenario)}.
     */
    public List<Report> decideAll(List<Scenario> scenarios) {
        return decideAll(scenarios, Runtime.getRuntime().availableProcessors());
    }

    /** As {@link #decideAll(List)}, on {@code threads} threads (1: on the calling thread). */
    public List<Report> decideAll(List<Scenario> scenarios, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        return engine.decideAll(scenarios, threads);
    }

    /** Decides one request against the scenario's platform, devices and reservations (other requests are ignored). */
    public Decision decide(Scenario context, Request request) {
        Request only = new Request(0, request.device(), request.bar(), request.node(), request.intent(), request.offset(),
                request.length(), request.prot(), request.shared(), request.hold());
        return engine.decide(new Scenario(context.platform(), context.devices(), context.reservations(), List.of(only)))
                .decisions().get(0);
    }

    /** For one request of the scenario: every policy rule, whether it matched, and if not the first failing condition. */
    public List<PolicyVerdict> explainPolicies(Scenario scenario, Request request) {
        return PolicyVerdict.explain(engine.policies(), PolicyContext.of(scenario, request));
    }

    /**
     * For each decision of the report that is degraded, refused or denied: the changes of facts under
     * which its request would get what it asked for, each with what it costs (see {@link Advisor}).
     */
    public List<List<Advice>> advise(Scenario scenario, Report report) {
        return new Advisor(this::decide).advise(scenario, report);
    }

    /** The site policy rules in force. */
    public List<PolicyRule> policies() { return engine.policies(); }

    /** The names of every DRL rule in force. */
    public List<String> ruleNames() { return engine.ruleNames(); }

    /** Collects policy files and DRL files; {@link #build()} reads and compiles them. */
    public static final class Builder {
        private final List<Path> policies = new ArrayList<>();
        private final List<Path> rules = new ArrayList<>();
        private boolean builtInPolicy;

        private Builder() {}

        /** Adds the site policy shipped with barwise (policies/default.yaml, built into the jar). */
        public Builder builtInPolicy() {
            builtInPolicy = true;
            return this;
        }

        /** Policy files or directories of them (YAML/JSON). */
        public Builder policies(Path... paths) {
            policies.addAll(List.of(paths));
            return this;
        }

        /** DRL files or directories of them, added to the built-in rules. */
        public Builder rules(Path... paths) {
            rules.addAll(List.of(paths));
            return this;
        }

        public Barwise build() {
            List<Path> drl = new ArrayList<>();
            for (Path p : rules) drl.addAll(DrlFiles.under(p));
            List<PolicyRule> site = new ArrayList<>(PolicyReader.read(policies));
            if (builtInPolicy) site.addAll(SitePolicy.builtInRules());
            return new Barwise(DecisionEngine.create(site, drl));
        }
    }
}
