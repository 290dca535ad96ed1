package io.codexquarkus.tools.applypatch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.Serial;
import java.util.Optional;

/**
 * The change a patch makes to one file, as Codex events and approval requests carry it ({@code changes}, {@code
 * codex_changes}): externally tagged, {@code {"add":{"content":…}}}, {@code {"delete":{"content":…}}}, {@code
 * {"update":{"unified_diff":…,"move_path":null|"/abs/dest"}}}. The tag is written whatever the declared type, so a
 * plain {@code Map<String, FileChange>} serialises right too.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
@JsonSubTypes({
    @JsonSubTypes.Type(value = FileChange.Add.class, name = "add"),
    @JsonSubTypes.Type(value = FileChange.Delete.class, name = "delete"),
    @JsonSubTypes.Type(value = FileChange.Update.class, name = "update")
})
@JsonSerialize(using = FileChange.WrapperSerializer.class)
public sealed interface FileChange {
    /** A new file (or an overwritten one) with this content. */
    record Add(@JsonProperty("content") String content) implements FileChange {}

    /** A deleted file; {@code content} is what it held. */
    record Delete(@JsonProperty("content") String content) implements FileChange {}

    /**
     * An edited file: a unified diff with one line of context (no {@code ---}/{@code +++} header), and the absolute
     * destination when the file is also moved.
     */
    record Update(
            @JsonProperty("unified_diff") String unifiedDiff,

            @JsonProperty("move_path") @JsonInclude(JsonInclude.Include.ALWAYS)
            Optional<String> movePath)
            implements FileChange {
        public Update {
            movePath = movePath == null ? Optional.empty() : movePath;
        }
    }

    /** Writes the externally tagged form; with or without a declared type (the type info is the wrapper itself). */
    final class WrapperSerializer extends StdSerializer<FileChange> {
        @Serial
        private static final long serialVersionUID = 1L;

        public WrapperSerializer() {
            super(FileChange.class);
        }

        @Override
        public void serialize(FileChange value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            switch (value) {
                case Add add -> {
                    gen.writeObjectFieldStart("add");
                    gen.writeStringField("content", add.content());
                }
                case Delete delete -> {
                    gen.writeObjectFieldStart("delete");
                    gen.writeStringField("content", delete.content());
                }
                case Update update -> {
                    gen.writeObjectFieldStart("update");
                    gen.writeStringField("unified_diff", update.unifiedDiff());
                    gen.writeFieldName("move_path");
                    if (update.movePath().isPresent()) {
                        gen.writeString(update.movePath().get());
                    } else {
                        gen.writeNull();
                    }
                }
            }
            gen.writeEndObject();
            gen.writeEndObject();
        }

        @Override
        public void serializeWithType(
                FileChange value, JsonGenerator gen, SerializerProvider provider, TypeSerializer typeSerializer)
                throws IOException {
            serialize(value, gen, provider);
        }
    }
}
