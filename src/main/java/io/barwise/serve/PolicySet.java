package io.barwise.serve;

import io.barwise.Barwise;
import io.barwise.authoring.Diagnostic;
import io.barwise.model.InvalidInputException;
import io.barwise.policy.SitePolicy;
import io.barwise.policy.PolicyReader;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The policies a server decides under, swapped atomically: a reload builds a new {@link Barwise}
 * from the files and, only if that succeeds, replaces the old one; a broken policy is refused with
 * its diagnostics and the policies in force stay. Requests in flight keep the engine they started with.
 */
public final class PolicySet implements AutoCloseable {

    /** The engine in force, its generation (1 for the first load) and when it was loaded. */
    public record Loaded(Barwise barwise, long generation, long loadedAtMillis, int rules) {}

    /** The result of a reload: the engine in force afterwards, and the diagnostics if the new files were refused. */
    public record Reload(Loaded inForce, List<Diagnostic> refused) {
        public boolean ok() { return refused.isEmpty(); }
    }

    private final SitePolicy site;
    private final List<Path> policies;
    private final List<Path> rules;
    private final AtomicReference<Loaded> current = new AtomicReference<>();
    final LongAdder reloadsOk = new LongAdder();
    final LongAdder reloadsRefused = new LongAdder();
    private WatchService watcher;
    private Thread watchThread;

    /** Loads the policies; a broken policy at start is an {@link InvalidInputException} (the server does not start). */
    public PolicySet(SitePolicy site, List<Path> rules) {
        this.site = site;
        this.policies = site.files();
        this.rules = List.copyOf(rules);
        Barwise first = build();
        current.set(new Loaded(first, 1, System.currentTimeMillis(), first.policies().size()));
    }

    public Loaded current() { return current.get(); }

    private Barwise build() {
        Barwise.Builder b = Barwise.builder().policies(policies.toArray(Path[]::new)).rules(rules.toArray(Path[]::new));
        if (site.builtIn()) b.builtInPolicy(); // the policy in the jar: it never changes, so reloads only re-read --rules
        return b.build();
    }

    /** Reads the files again; swaps only if every file loads and compiles. */
    public synchronized Reload reload() {
        List<Diagnostic> problems = new ArrayList<>();
        PolicyReader.read(policies, e -> problems.add(Diagnostic.error(e)));
        if (problems.isEmpty()) {
            try {
                Barwise b = build();
                Loaded old = current.get();
                Loaded now = new Loaded(b, old.generation() + 1, System.currentTimeMillis(), b.policies().size());
                current.set(now);
                reloadsOk.increment();
                return new Reload(now, List.of());
            } catch (InvalidInputException e) {
                problems.add(Diagnostic.error(e));
            }
        }
        reloadsRefused.increment();
        return new Reload(current.get(), problems);
    }

    /** Reloads when a policy or rule file (or a file in a policy directory) changes; {@code log} hears each result. */
    public synchronized void watch(Consumer<Reload> log) throws IOException {
        watcher = Path.of("/").getFileSystem().newWatchService();
        Set<Path> dirs = new LinkedHashSet<>();
        for (Path p : concat(policies, rules)) {
            Path a = p.toAbsolutePath().normalize();
            dirs.add(Files.isDirectory(a) ? a : a.getParent());
        }
        for (Path d : dirs) {
            d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        }
        WatchService w = watcher;
        watchThread = Thread.ofPlatform().daemon().name("barwise-policy-watch").start(() -> {
            try {
                while (true) {
                    var key = w.take();
                    // editors write in several steps: wait until the files are quiet, then reload once
                    Thread.sleep(200);
                    key.pollEvents();
                    key.reset();
                    for (var k = w.poll(); k != null; k = w.poll()) {
                        k.pollEvents();
                        k.reset();
                    }
                    log.accept(reload());
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                // closed
            }
        });
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Override
    public synchronized void close() throws IOException {
        if (watcher != null) watcher.close();
        if (watchThread != null) watchThread.interrupt();
    }
}
