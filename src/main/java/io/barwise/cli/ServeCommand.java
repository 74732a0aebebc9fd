package io.barwise.cli;

import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import io.barwise.serve.DecisionServer;
import io.barwise.serve.PolicySet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code barwise serve}: decisions over HTTP/JSON for tools in any language. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Answer decisions over HTTP for tools in any language; it never opens a device node or maps anything.",
                "POST /v1/decide takes a scenario (YAML or JSON; ?explain adds each policy rule's verdict and advice) and"
                        + " answers an EvalReport; POST /v1/check takes a policy file and answers a CheckReport; GET /v1/health"
                        + " and GET /v1/metrics (Prometheus text) report on the server.",
                "Listens on a Unix socket (mode 0600), or with --listen HOST:PORT on a loopback address with --token-file."
                        + " Policies are reloaded on SIGHUP and when their files change; a broken policy is refused and the old"
                        + " one stays. SIGTERM (or SIGINT) stops it after the requests in flight are answered."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "1:internal error", "3:invalid option or policy at start"})
final class ServeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--socket", paramLabel = "PATH", description = "Unix socket to listen on (default: ${DEFAULT-VALUE}).",
            defaultValue = "/run/barwise/barwise.sock")
    Path socket;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Listen on TCP instead, on a loopback address only (e.g. 127.0.0.1:8181).")
    String listen;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the bearer token TCP clients must send (needed with --listen).")
    Path tokenFile;

    @Mixin PolicyOption policies;

    @Option(names = "--rules", paramLabel = "PATH", description = "Extra DRL files or directories (repeatable).")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "1048576", description = "Largest request body (default: ${DEFAULT-VALUE}).")
    int maxBody;

    @Option(names = "--max-requests", paramLabel = "N", defaultValue = "10000", description = "Most mmap requests in one scenario (default: ${DEFAULT-VALUE}).")
    int maxRequests;

    @Option(names = "--decide-timeout", paramLabel = "MS", defaultValue = "10000", description = "Longest a decision may take (default: ${DEFAULT-VALUE}).")
    long decideMillis;

    @Option(names = "--no-watch", description = "Do not reload when policy files change (SIGHUP still reloads).")
    boolean noWatch;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        DecisionServer.Listen where = where();
        io.barwise.policy.SitePolicy site = policies.site();
        err.println("barwise serve: policy: " + site.description());
        PolicySet set = new PolicySet(site, rules);
        DecisionServer server;
        try {
            server = new DecisionServer(set, where, new DecisionServer.Options(maxBody, maxRequests, decideMillis, 10_000));
        } catch (IllegalArgumentException e) {
            throw bad("--listen", e.getMessage());
        }
        java.util.function.Consumer<PolicySet.Reload> log = r -> {
            if (r.ok()) err.println("barwise serve: policies reloaded (generation " + r.inForce().generation() + ", " + r.inForce().rules() + " rules)");
            else {
                err.println("barwise serve: reload refused, generation " + r.inForce().generation() + " stays in force:");
                r.refused().forEach(d -> err.println("  " + d.describe()));
            }
            err.flush();
        };
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> log.accept(set.reload()));
        if (!noWatch) set.watch(log);
        // SIGTERM and SIGINT stop the server gracefully and exit 0 (a shutdown hook would exit 143)
        CountDownLatch stop = new CountDownLatch(1);
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> stop.countDown());
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> stop.countDown());
        server.start();
        err.println("barwise serve: listening on " + server.address() + " (" + set.current().rules() + " policy rules)");
        err.flush();
        stop.await();
        server.close();
        set.close();
        err.println("barwise serve: stopped");
        err.flush();
        return ExitCode.OK;
    }

    private DecisionServer.Listen where() throws IOException {
        if (listen == null) {
            if (tokenFile != null) throw bad("--token-file", "a token is for TCP (--listen); the Unix socket is guarded by its mode 0600");
            return DecisionServer.Listen.unix(socket);
        }
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) throw bad("--listen", "'" + listen + "' is not HOST:PORT");
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw bad("--listen", "'" + listen + "': the port is not a number");
        }
        if (tokenFile == null) throw bad("--token-file", "TCP (--listen) needs a bearer token: give --token-file FILE");
        String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        if (token.length() < 16) throw bad("--token-file", "the token in " + tokenFile + " is shorter than 16 characters");
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        return DecisionServer.Listen.tcp(host, port, token);
    }

    private static InvalidInputException bad(String field, String message) {
        return new InvalidInputException("bad-option", new SourceLocation("command line", 0, 0, field), message, null);
    }
}
