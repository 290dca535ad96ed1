package io.codexquarkus.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.common.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The golden comparison itself must catch what it claims to. */
class GoldenJsonTest {
    private static List<String> diff(String expected, String actual) {
        List<String> out = new ArrayList<>();
        GoldenJson.compare("$", Json.parse(expected), Json.parse(actual), out);
        return out;
    }

    @Test
    void catchesOrderTypesMissingAndExtraKeys() {
        assertThat(diff("{\"a\":1,\"b\":2}", "{\"a\":1,\"b\":2}")).isEmpty();
        assertThat(diff("{\"a\":1,\"b\":2}", "{\"b\":2,\"a\":1}")).hasSize(1);
        assertThat(diff("{\"a\":1}", "{\"a\":\"1\"}")).hasSize(1);
        assertThat(diff("{\"a\":1}", "{\"a\":1,\"id\":\"x\"}")).hasSize(1);
        assertThat(diff("{\"a\":[1,2]}", "{\"a\":[2,1]}")).hasSize(2);
        assertThat(diff("{\"a\":null}", "{\"a\":false}")).hasSize(1);
    }
}
