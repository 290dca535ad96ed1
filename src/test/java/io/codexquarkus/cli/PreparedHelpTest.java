package io.codexquarkus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The texts the build prepared for the launcher are exactly what picocli prints for this build's commands. */
class PreparedHelpTest {
    private static String resource(String name) throws IOException {
        try (InputStream in = PreparedHelp.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("prepared by the build: " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @CsvSource({"--help,false", "--help,true", "-h,false", "--version,false", "--version,true", "-V,true"})
    void thePreparedTextIsPicocliOwn(String option, boolean ansi) throws IOException {
        String[] args = {option};
        String prepared = resource(PreparedHelp.resourceName(args, ansi).orElseThrow());
        assertThat(prepared).isEqualTo(PreparedHelp.render(args, ansi));
        if (ansi && option.contains("h")) {
            assertThat(prepared).as("styled for a terminal").contains("\u001b[");
        } else {
            assertThat(prepared).doesNotContain("\u001b[");
        }
    }

    @Test
    void noArgumentsPrintTheHelp() throws IOException {
        String[] none = {};
        assertThat(PreparedHelp.resourceName(none, false))
                .isEqualTo(PreparedHelp.resourceName(new String[] {"--help"}, false));
        assertThat(PreparedHelp.render(none, false)).isEqualTo(resource(PreparedHelp.RESOURCE_DIR + "help.txt"));
    }

    @Test
    void anythingElseOrAChosenWidthIsLeftToPicocli() {
        assertThat(PreparedHelp.resourceName(new String[] {"exec", "--help"}, false))
                .isEmpty();
        assertThat(PreparedHelp.resourceName(new String[] {"--helpx"}, false)).isEmpty();
        assertThat(PreparedHelp.forArgs(new String[] {"--help"})).isPresent();
        System.setProperty("picocli.usage.width", "120");
        try {
            assertThat(PreparedHelp.forArgs(new String[] {"--help"})).isEmpty();
        } finally {
            System.clearProperty("picocli.usage.width");
        }
    }
}
