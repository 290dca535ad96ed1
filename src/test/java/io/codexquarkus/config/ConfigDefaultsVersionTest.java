package io.codexquarkus.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The version is written once, in the pom; what the program reports is that value, copied by the build. */
class ConfigDefaultsVersionTest {
    private static final Pattern PROJECT_VERSION =
            Pattern.compile("<artifactId>codex-quarkus</artifactId>\\s*<version>([^<]+)</version>");

    @Test
    void versionComesFromThePom() throws Exception {
        Matcher m = PROJECT_VERSION.matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).as("the project's <version> in pom.xml").isTrue();
        assertThat(ConfigDefaults.VERSION).isEqualTo(m.group(1));
    }
}
