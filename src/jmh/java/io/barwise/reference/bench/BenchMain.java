package io.barwise.reference.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks of the Drools engine and the reference model and prints the figures, with
 * the engine's ratio to the reference. {@code --quick} shortens every phase (a smoke run, not figures).
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        String[] jvm = {"-Xms1g", "-Xmx2g", "-XX:+EnableDynamicAgentLoading", "--enable-native-access=ALL-UNNAMED"};
        long t0 = System.nanoTime();
        String loadBefore = loadAverage();

        say("warm batch of %d independent one-request scenarios, one thread (AverageTime per batch)...", Batch.SIZE);
        Collection<RunResult> batch = run(base(quick, jvm).include(DecideBench.class.getName() + ".batch.*")
                .warmupIterations(quick ? 1 : 2).warmupTime(TimeValue.seconds(quick ? 1 : 3))
                .measurementIterations(quick ? 1 : 3).measurementTime(TimeValue.seconds(quick ? 1 : 3)));
        say("single-decision latency (SampleTime)...");
        Collection<RunResult> single = run(base(quick, jvm).include(DecideBench.class.getName() + ".single.*")
                .warmupIterations(quick ? 1 : 2).warmupTime(TimeValue.seconds(quick ? 1 : 3))
                .measurementIterations(quick ? 1 : 3).measurementTime(TimeValue.seconds(quick ? 1 : 3)));
        int coldForks = quick ? 1 : 3;
        say("cold start: KieBase load and first decision in %d fresh JVMs each (SingleShotTime)...", coldForks);
        Collection<RunResult> cold = run(base(quick, jvm).include(ColdStartBench.class.getName() + ".*")
                .forks(coldForks).warmupIterations(0).measurementIterations(1));

        double engBatchMs = score(batch, "batchEngine");
        double refBatchMs = score(batch, "batchReference");
        double engRate = Batch.SIZE / (engBatchMs / 1000);
        double refRate = Batch.SIZE / (refBatchMs / 1000);
        StringBuilder out = new StringBuilder();
        out.append("\n== barwise decision benchmarks (JMH 1.37, ").append(Runtime.version()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs").append(quick ? ", QUICK smoke run: not figures" : "")
                .append(") ==\n");
        out.append(String.format(Locale.ROOT, "%-44s %16s %16s %12s%n", "", "Drools engine", "reference", "engine cost"));
        out.append(String.format(Locale.ROOT, "%-44s %16s %16s %12s%n", "batch of " + Batch.SIZE + " decisions, ms (mean)",
                f(engBatchMs), f(refBatchMs), ratio(engBatchMs, refBatchMs)));
        out.append(String.format(Locale.ROOT, "%-44s %16s %16s %12s%n", "decisions per second, one thread",
                f(engRate), f(refRate), ratio(refRate, engRate)));
        double allMs = score(batch, "batchEngineDecideAll8");
        out.append(String.format(Locale.ROOT, "%-44s %16s %16s %12s%n", "decideAll on 8 threads, decisions per second",
                f(Batch.SIZE / (allMs / 1000)), "-", String.format(Locale.ROOT, "%.2fx 1 thread", engBatchMs / allMs)));
        for (double pct : new double[] {50, 99}) {
            double e = percentile(single, "singleEngine", pct);
            double r = percentile(single, "singleReference", pct);
            out.append(String.format(Locale.ROOT, "%-44s %16s %16s %12s%n", "single decision latency p" + (int) pct + ", us",
                    f(e), f(r), ratio(e, r)));
        }
        out.append(String.format(Locale.ROOT, "%-44s %16s %16s %12s%n", "single decision latency mean, us",
                f(score(single, "singleEngine")), f(score(single, "singleReference")),
                ratio(score(single, "singleEngine"), score(single, "singleReference"))));
        out.append(String.format(Locale.ROOT, "%-44s %16s %16s%n", "KieBase load in a fresh JVM, ms (mean; min-max)",
                coldText(cold, "kieBaseLoad"), "-"));
        out.append(String.format(Locale.ROOT, "%-44s %16s %16s %12s%n", "load + first decision in a fresh JVM, ms",
                coldText(cold, "kieBaseLoadAndFirstDecision"), coldText(cold, "referenceFirstDecision"),
                ratio(score(cold, "kieBaseLoadAndFirstDecision"), score(cold, "referenceFirstDecision"))));
        out.append(String.format(Locale.ROOT, "(whole run %.0f s; batch: %d one-request scenarios of seed 0x%x; engine cost = how many times"
                + " slower the engine is; load average before %s, after %s)%n",
                (System.nanoTime() - t0) / 1e9, Batch.SIZE, Batch.SEED, loadBefore, loadAverage()));
        System.out.print(out);
    }

    /** The 1-minute load average, to judge how noisy the figures are (other processes share the CPUs). */
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    private static ChainedOptionsBuilder base(boolean quick, String[] jvm) {
        return new OptionsBuilder().forks(1).threads(1).jvmArgsAppend(jvm).verbosity(VerboseMode.SILENT).shouldFailOnError(true);
    }

    private static Collection<RunResult> run(ChainedOptionsBuilder b) throws Exception {
        return new Runner(b.build()).run();
    }

    private static void say(String fmt, Object... args) {
        System.out.printf(Locale.ROOT, "bench: " + fmt + "%n", args);
        System.out.flush();
    }

    private static RunResult find(Collection<RunResult> rs, String method) {
        for (RunResult r : rs) if (r.getParams().getBenchmark().endsWith("." + method)) return r;
        throw new IllegalStateException("no result for " + method);
    }

    private static double score(Collection<RunResult> rs, String method) {
        return find(rs, method).getPrimaryResult().getScore();
    }

    private static double percentile(Collection<RunResult> rs, String method, double pct) {
        Result<?> r = find(rs, method).getPrimaryResult();
        return r.getStatistics().getPercentile(pct);
    }

    private static String coldText(Collection<RunResult> rs, String method) {
        var st = find(rs, method).getPrimaryResult().getStatistics();
        return String.format(Locale.ROOT, "%s (%s-%s)", f(st.getMean()), f(st.getMin()), f(st.getMax()));
    }

    private static String f(double v) {
        if (v >= 100) return String.format(Locale.ROOT, "%,.0f", v);
        if (v >= 1) return String.format(Locale.ROOT, "%.2f", v);
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String ratio(double a, double b) {
        return String.format(Locale.ROOT, "%.1fx", a / b);
    }

    @SuppressWarnings("unused")
    private static List<String> names(Collection<RunResult> rs) {
        List<String> l = new ArrayList<>();
        rs.forEach(r -> l.add(r.getParams().getBenchmark()));
        return l;
    }
}
