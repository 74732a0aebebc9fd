package io.barwise;

import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import io.barwise.sysfs.SafeRoot;
import io.barwise.sysfs.SysfsMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the inputs of a run come from when a user names them loosely: a machine root, site policies. */
public final class Inputs {
    private Inputs() {}

    /** The live machine for null, else the directory (a snapshot or another root), which must exist and stay inside itself. */
    public static SysfsMachine machine(Path root) {
        if (root == null) return SysfsMachine.live();
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException("no-such-directory", new SourceLocation(root.toString(), 0, 0, "--sysfs-root"),
                    "not a directory", "give a snapshot made by 'barwise snapshot DIR'");
        }
        SysfsMachine m = SysfsMachine.at(root);
        try {
            m.devices();
            m.platform();
        } catch (SafeRoot.UncheckedEscape e) {
            throw new InvalidInputException("path-escapes-root", new SourceLocation(root.toString(), 0, 0, "--sysfs-root"),
                    e.getMessage(), "a snapshot must not link outside itself; re-take it with 'barwise snapshot'");
        }
        return m;
    }
}
