package io.barwise.reference.bench;

import io.barwise.engine.DecisionEngine;
import io.barwise.model.Scenario;
import io.barwise.reference.ReferenceModel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Warm decisions on one thread: a batch of {@link Batch#SIZE} independent one-request scenarios
 * (throughput), and single decisions (latency distribution, SampleTime).
 */
@State(Scope.Thread)
public class DecideBench {

    List<Scenario> batch;
    DecisionEngine engine;
    ReferenceModel model;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        batch = Batch.scenarios(Batch.SIZE);
        engine = DecisionEngine.builtIn();
        model = new ReferenceModel();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void batchEngine(Blackhole bh) {
        for (Scenario s : batch) bh.consume(engine.decide(s));
    }

    /** The same batch through decideAll on 8 threads (sessions per thread), for the scaling figure. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void batchEngineDecideAll8(Blackhole bh) {
        bh.consume(engine.decideAll(batch, 8));
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void batchReference(Blackhole bh) {
        for (Scenario s : batch) bh.consume(model.decide(s));
    }

    private Scenario nextScenario() {
        Scenario s = batch.get(next);
        next = next + 1 == batch.size() ? 0 : next + 1;
        return s;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object singleEngine() {
        return engine.decide(nextScenario());
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object singleReference() {
        return model.decide(nextScenario());
    }
}
