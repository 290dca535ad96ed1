package io.codexquarkus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigEditorTest {
    @Test
    void setKeepsCommentsOrderAndLayout(@TempDir Path dir) throws IOException {
        CodexHome home = new CodexHome(dir);
        String original = """
                # my settings
                model = "gpt-5"   # the default model
                approval_policy = 'never'

                [profiles.fast]
                # quick
                model = "o4-mini"
                """;
        Files.writeString(home.configFile(), original);
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("model", "o3");
        changes.put("model_reasoning_effort", "high");
        ConfigEditor.set(home, changes);
        String written = Files.readString(home.configFile());
        assertThat(written)
                .contains("# my settings")
                .contains("# the default model")
                .contains("approval_policy = 'never'")
                .contains("# quick")
                .contains("model = \"o4-mini\"")
                .contains("model = \"o3\"")
                .contains("model_reasoning_effort = \"high\"");
        assertThat(written.indexOf("# my settings")).isLessThan(written.indexOf("model = \"o3\""));
        assertThat(written.indexOf("model = \"o3\"")).isLessThan(written.indexOf("[profiles.fast]"));
        // the edited file still loads
        assertThat(ConfigLoader.readFile(home.configFile()).tree()).containsEntry("model", "o3");
    }

    @Test
    void createsTheFileAndHome(@TempDir Path dir) throws IOException {
        CodexHome home = new CodexHome(dir.resolve("fresh"));
        ConfigEditor.set(home, Map.of("model", "o3"));
        assertThat(Files.readString(home.configFile())).contains("model = \"o3\"");
    }

    @Test
    void refusesToEditMalformedFile(@TempDir Path dir) throws IOException {
        CodexHome home = new CodexHome(dir);
        Files.writeString(home.configFile(), "model = [\n");
        assertThatThrownBy(() -> ConfigEditor.set(home, Map.of("model", "o3")))
                .hasMessageContaining("refusing to edit");
        assertThat(Files.readString(home.configFile())).isEqualTo("model = [\n");
    }
}
