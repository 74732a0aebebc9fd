package io.barwise.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.spi.ToolProvider;

/** Lets tools run barwise in-process: {@code ToolProvider.findFirst("barwise")}. */
public final class BarwiseTool implements ToolProvider {
    @Override
    public String name() { return "barwise"; }

    @Override
    public int run(PrintWriter out, PrintWriter err, String... args) { return Main.run(out, err, args); }

    @Override
    public int run(PrintStream out, PrintStream err, String... args) {
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        int code = Main.run(o, e, args);
        o.flush();
        e.flush();
        return code;
    }
}
