package io.barwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompiledRuleCacheTest {

    @Test
    void keyFollowsContentAndModel(@TempDir Path dir) throws Exception {
        Path drl = dir.resolve("a.drl");
        Files.writeString(drl, "package site;\nrule \"r\" when then end\n");
        CompiledRuleCache first = CompiledRuleCache.forFiles(List.of(drl), "M1");
        assertThat(CompiledRuleCache.forFiles(List.of(drl), "M1").file()).isEqualTo(first.file());
        assertThat(CompiledRuleCache.forFiles(List.of(drl), "M2").file()).isNotEqualTo(first.file());
        Files.writeString(drl, "package site;\nrule \"r2\" when then end\n");
        assertThat(CompiledRuleCache.forFiles(List.of(drl), "M1").file()).isNotEqualTo(first.file());
    }

    @Test
    void secondRunLoadsTheCompiledPackagesAndACorruptEntryIsRecompiled(@TempDir Path dir) throws Exception {
        Path drl = dir.resolve("site.drl");
        Files.writeString(drl, """
                package site;
                import io.barwise.rules.*;
                rule "site: note every request"
                when
                    MmapRequest( $q : req )
                then
                    insert(new Note($q, "seen by site rules"));
                end
                """);
        CompiledRuleCache cache = CompiledRuleCache.forFiles(List.of(drl), RuleBases.builtInModelClass());
        Files.deleteIfExists(cache.file());
        RuleBases.withUserRules(List.of(drl));
        assertThat(cache.file()).exists();
        assertThat(cache.load()).isNotNull().isNotEmpty();
        var base = RuleBases.withUserRules(List.of(drl));
        assertThat(base.getKiePackages().stream().flatMap(p -> p.getRules().stream()).map(r -> r.getName()))
                .contains("site: note every request");

        Files.writeString(cache.file(), "not a serialized package");
        assertThat(cache.load()).isNull();
        RuleBases.withUserRules(List.of(drl));
        assertThat(cache.load()).isNotNull();
        Files.deleteIfExists(cache.file());
    }
}
