package io.barwise.sysfs;

import io.barwise.model.Device;
import io.barwise.model.Reservation;
import io.barwise.model.Scenario;
import io.barwise.scenario.ScenarioReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A machine described by a scenario file: its {@code platform}, {@code devices} and
 * {@code reservations} (its requests are ignored). It has no files, so nothing can be mapped
 * and the resource files it lists are none ({@link PciFunction#nodes()} is empty).
 */
public final class ScenarioMachine implements MachineSource {
    private final String name;
    private final Scenario scenario;

    public ScenarioMachine(String name, Scenario scenario) {
        this.name = name;
        this.scenario = scenario;
    }

    public static ScenarioMachine read(Path file) {
        return new ScenarioMachine(file.toString(), ScenarioReader.readMachine(file));
    }

    @Override
    public String name() { return name; }

    @Override
    public PlatformFacts platform() {
        return new PlatformFacts(scenario.platform(), List.of(new Fact("platform", "from the scenario", name, false)));
    }

    @Override
    public List<PciFunction> devices() {
        return scenario.devices().stream().map((Device d) -> new PciFunction(d, List.of(), null, null)).toList();
    }

    @Override
    public Optional<List<Reservation>> patEntries() { return Optional.of(scenario.reservations()); }

    @Override
    public Optional<Path> nodePath(String bdf, String node) {
        MachineSource.checkBdf(bdf);
        return Optional.empty();
    }
}
