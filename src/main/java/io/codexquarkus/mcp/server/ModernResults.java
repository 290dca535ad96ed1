package io.codexquarkus.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.ConfigDefaults;
import io.codexquarkus.mcp.protocol.ModernServerInfo;

/** What every MCP 2026-07-28 result carries besides its own fields. */
public final class ModernResults {
    public static final String COMPLETE = "complete";
    public static final String INPUT_REQUIRED = "input_required";
    public static final String TASK = "task";

    /** {@code io.modelcontextprotocol/serverInfo}: who answers, in every result's {@code _meta}. */
    private static final JsonNode SERVER_INFO =
            Json.tree(new ModernServerInfo(LifecycleMethods.SERVER_NAME, ConfigDefaults.VERSION));

    private ModernResults() {}

    /**
     * {@code result} with {@code resultType} first ({@code complete} unless set) and the server's info merged into
     * its {@code _meta}; the handler's node is not changed.
     */
    static JsonNode decorate(JsonNode result) {
        ObjectNode decorated = Json.MAPPER.createObjectNode();
        JsonNode type = result == null ? null : result.get("resultType");
        decorated.put("resultType", type != null && type.isTextual() ? type.textValue() : COMPLETE);
        ObjectNode meta = Json.MAPPER.createObjectNode();
        if (result != null && result.isObject()) {
            result.properties().forEach(field -> {
                if ("_meta".equals(field.getKey())) {
                    if (field.getValue().isObject()) {
                        meta.setAll((ObjectNode) field.getValue());
                    }
                } else if (!"resultType".equals(field.getKey())) {
                    decorated.set(field.getKey(), field.getValue());
                }
            });
        }
        meta.set(ModernMeta.SERVER_INFO_KEY, SERVER_INFO);
        decorated.set("_meta", meta);
        return decorated;
    }
}
