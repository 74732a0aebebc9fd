package example;

import io.barwise.Barwise;
import io.barwise.engine.Report;
import io.barwise.mapper.BarMapping;
import io.barwise.model.Decision;
import io.barwise.model.Request;
import io.barwise.model.Scenario;
import io.barwise.sysfs.SysfsMachine;
import java.nio.file.Path;
import java.util.List;

/**
 * A tool that embeds barwise: it asks the site policy how to map ivshmem's shared memory (BAR2)
 * on a machine, prints the decision and why, then maps the BAR by that decision, reads the first
 * 64-bit word and writes one back.
 *
 * <p>Usage: {@code EmbedExample SYSFS_ROOT POLICY_DIR [BDF]}, run from this project's directory;
 * SYSFS_ROOT is {@code /} for this machine or a snapshot directory.
 */
public final class EmbedExample {
    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        String bdf = args.length > 2 ? args[2] : "0000:00:02.0";
        // The site's policies plus the tool's own (in this project: sysfs nodes only).
        Barwise barwise = Barwise.builder().policies(Path.of(args[1]), Path.of("no-devmem.yaml")).build();

        SysfsMachine machine = root.equals(Path.of("/")) ? SysfsMachine.live() : SysfsMachine.at(root);
        // No node and no intent: the site policy decides what BAR2 should be.
        Scenario scenario = machine.scenario(List.of(new Request(0, bdf, 2, null, null, 0, null, null, true, true)));
        Report report = barwise.decide(scenario);
        Decision d = report.decisions().get(0);
        System.out.println("decision: " + d.node() + " " + d.outcome().id() + (d.errno() == null ? "" : " " + d.errno())
                + ", memtype " + (d.memtype() == null ? "none" : d.memtype().patName())
                + ", effective " + (d.effective() == null ? "-" : d.effective().shortName()));
        d.reasons().forEach(r -> System.out.println("  because " + r));
        if (!d.granted()) {
            System.exit(2);
        }
        try (BarMapping m = BarMapping.open(machine, d, new BarMapping.Options(true, false, false))) {
            long before = m.read(0, 64);  // one 64-bit little-endian load
            m.write(0, 64, before + 1);
            System.out.printf("mapped %s: word 0 was 0x%x, now 0x%x%n", m.path().getFileName(), before, m.read(0, 64));
        }
    }
}
