package io.codexquarkus.model.client;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.protocol.ResponseItem;
import java.io.IOException;
import java.io.UncheckedIOException;

/** History items as Responses API JSON trees, through the item's own Jackson mapping (tag first, ids left out). */
final class ItemTrees {
    private static final ObjectWriter ITEM_WRITER = Json.MAPPER.writerFor(ResponseItem.class);

    private ItemTrees() {}

    static ObjectNode tree(ResponseItem item) {
        try (TokenBuffer buffer = new TokenBuffer(Json.MAPPER, false)) {
            ITEM_WRITER.writeValue(buffer, item);
            return Json.MAPPER.readTree(buffer.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The item id the server assigned, or null: only the Azure workaround sends it back. */
    static String id(ResponseItem item) {
        return switch (item) {
            case ResponseItem.Message m -> m.id();
            case ResponseItem.Reasoning r -> r.id();
            case ResponseItem.LocalShellCall c -> c.id();
            case ResponseItem.FunctionCall c -> c.id();
            case ResponseItem.CustomToolCall c -> c.id();
            case ResponseItem.WebSearchCall c -> c.id();
            case ResponseItem.FunctionCallOutput _ -> null;
            case ResponseItem.CustomToolCallOutput _ -> null;
            case ResponseItem.Other _ -> null;
        };
    }
}
