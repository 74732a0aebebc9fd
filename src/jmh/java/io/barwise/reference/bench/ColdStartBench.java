package io.barwise.reference.bench;

import io.barwise.engine.DecisionEngine;
import io.barwise.model.Scenario;
import io.barwise.reference.ReferenceModel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cold start in a fresh JVM (one shot per fork): loading the built-in KieBase (executable model
 * from the classpath), and load plus the first decision; the reference model's first decision for contrast.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ColdStartBench {

    Scenario first;

    @Setup
    public void setUp() {
        first = Batch.scenarios(1).get(0);
    }

    @Benchmark
    public Object kieBaseLoad() {
        return DecisionEngine.builtIn(); // first call builds the KieContainer and the KieBase
    }

    @Benchmark
    public Object kieBaseLoadAndFirstDecision() {
        return DecisionEngine.builtIn().decide(first);
    }

    @Benchmark
    public Object referenceFirstDecision() {
        return new ReferenceModel().decide(first);
    }
}
