package io.barwise.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.barwise.model.InvalidInputException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class YamlErrorsTest {

    @Test
    void tabsAreReportedWhereTheyAreWithAFix() {
        var e = catchThrowableOfType(InvalidInputException.class, () -> YamlReader.parse("t.yaml", "platform:\n  arch: x86_64\n\tkernel: 6.1\n"));
        assertThat(e.location().line()).isEqualTo(3);
        assertThat(e.location().column()).isEqualTo(1);
        assertThat(e.hint()).contains("spaces");
    }

    @Test
    void anUnterminatedQuoteSaysWhereItStarts() {
        var e = catchThrowableOfType(InvalidInputException.class,
                () -> YamlReader.parse("p.yaml", "policies:\n  - name: x\n    match: \"bar.index == 2\n    intent: uncached\n"));
        assertThat(e.getMessage()).contains("quoted scalar that starts at 3:12");
    }

    @Test
    void unknownFieldsAreAllListed() {
        Node.MapNode m = YamlReader.parse("x.yaml", "a: 1\nbb: 2\nzzzz: 3\n").asMap();
        assertThat(m.unknownFields(Set.of("a", "b"))).extracting(InvalidInputException::hint)
                .containsExactly("did you mean 'b'?", "known fields: a, b");
        assertThat(m.unknownFields(Set.of("a", "b")).get(1).location().line()).isEqualTo(3);
    }
}
