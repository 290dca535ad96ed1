package io.codexquarkus.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.Sse;
import io.codexquarkus.testing.MockModelServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code exec} with {@code tools.web_search = true}: the tool is offered, and a search is printed in both outputs. */
class ExecWebSearchTest {
    @RegisterExtension
    static final MockModelServer model = MockModelServer.perClass();

    @TempDir
    Path home;

    @TempDir
    Path work;

    @BeforeEach
    void configure() {
        model.reset();
        model.writeConfig(home, "[tools]\nweb_search = true\n");
        model.script(Sse.responses(
                Sse.created("resp_1"),
                """
                {"type":"response.output_item.added","output_index":0,
                 "item":{"type":"web_search_call","id":"ws_1","status":"in_progress"}}""",
                """
                {"type":"response.output_item.done","output_index":0,"item":{"type":"web_search_call","id":"ws_1",
                 "status":"completed","action":{"type":"search","query":"quarkus 3.33 release"}}}""",
                Sse.assistantMessageDone("Quarkus 3.33 is out."),
                Sse.completed("resp_1")));
    }

    @Test
    void humanOutputSaysWhatWasSearched() throws Exception {
        InProcessExec.Run run = InProcessExec.run(home, work, InProcessExec.options("news?"), "");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr().lines()).contains("🌐 Searched: quarkus 3.33 release");
        assertThat(run.stdout()).isEqualTo("Quarkus 3.33 is out.\n");
        JsonNode tools = model.requests().getFirst().path("tools");
        assertThat(tools.findValuesAsText("type")).contains("web_search");
    }

    @Test
    void jsonOutputHasAWebSearchItem() throws Exception {
        ExecOptions json =
                new ExecOptions(Optional.of("news?"), List.of(), true, Optional.empty(), false, true, Optional.empty());

        InProcessExec.Run run = InProcessExec.run(home, work, json, "");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<JsonNode> searches = run.stdout()
                .lines()
                .map(Json::parse)
                .filter(line ->
                        "web_search".equals(line.path("item").path("type").asText()))
                .toList();
        assertThat(searches).hasSize(1);
        assertThat(searches.getFirst().path("type").asText()).isEqualTo("item.completed");
        assertThat(searches.getFirst().path("item").path("query").asText()).isEqualTo("quarkus 3.33 release");
    }
}
