// Generates barwise's man pages and shell completion from its picocli model, so they say what
// --help says. Run by bin/dist with picocli-codegen and asciidoctorj on the class path:
//   java -cp CLASSPATH packaging/Docs.java OUT_DIR
// OUT_DIR/man1/barwise.1, barwise-eval.1, ... (troff), OUT_DIR/bash/barwise, OUT_DIR/zsh/_barwise.
import io.barwise.cli.Main;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

class Docs {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path adoc = Files.createDirectories(out.resolve("adoc"));
        Path man1 = Files.createDirectories(out.resolve("man1"));
        CommandLine cli = new CommandLine(new Main());
        // One AsciiDoc page per command (barwise.adoc, barwise-eval.adoc, ...), then troff from each.
        ManPageGenerator.generateManPage(adoc.toFile(), null, new boolean[0], true, cli.getCommandSpec());
        try (Asciidoctor asciidoctor = Asciidoctor.Factory.create()) {
            List<Path> pages;
            try (var s = Files.list(adoc)) { pages = s.filter(p -> p.toString().endsWith(".adoc")).sorted().toList(); }
            for (Path page : pages) {
                asciidoctor.convertFile(page.toFile(), Options.builder().backend("manpage").safe(SafeMode.UNSAFE)
                        .toDir(man1.toFile()).mkDirs(true).build());
            }
        }
        // bash completion; zsh loads the same function through bashcompinit.
        Path bash = Files.createDirectories(out.resolve("bash")).resolve("barwise");
        Files.writeString(bash, AutoComplete.bash("barwise", cli));
        Path zsh = Files.createDirectories(out.resolve("zsh")).resolve("_barwise");
        Files.writeString(zsh, "#compdef barwise\n# barwise completion for zsh: the generated bash completion, through bashcompinit.\n"
                + "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"
                + AutoComplete.bash("barwise", cli).replaceAll("(?m)^#!.*\\n", ""));
        System.out.println("docs: " + man1.toFile().list().length + " man pages, bash and zsh completion in " + out);
    }
}
