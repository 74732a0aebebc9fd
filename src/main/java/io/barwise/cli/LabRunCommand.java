package io.barwise.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.barwise.mapper.LabRunner;
import io.barwise.sysfs.SnapshotWriter;
import io.barwise.sysfs.SysfsMachine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code barwise lab-run PLAN OUT} (hidden): the lab's guest driver. Takes a snapshot, then runs
 * every mapping scenario of PLAN in this one JVM (JVM starts are slow under TCG) and writes the
 * observations as JSON to OUT. Loads no rules: the host predicts from the snapshot.
 */
@Command(name = "lab-run", hidden = true, mixinStandardHelpOptions = true,
        description = "Lab guest driver: snapshot, then run the mapping scenarios of PLAN and write observations to OUT.")
final class LabRunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PLAN") Path plan;

    @Parameters(index = "1", paramLabel = "OUT") Path out;

    @Option(names = "--snapshot", paramLabel = "DIR", description = "Write a snapshot here first.") Path snapshot;

    @Mixin MachineOption machine;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws IOException {
        SysfsMachine m = machine.machine();
        if (snapshot != null) SnapshotWriter.write(m, snapshot);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> p = json.readValue(plan.toFile(), Map.class);
        Map<String, Object> result = LabRunner.run(SysfsMachine.at(machine.root == null ? Path.of("/") : machine.root), p);
        json.writeValue(out.toFile(), result);
        return result.containsKey("error") ? ExitCode.REFUSED : ExitCode.OK;
    }
}
