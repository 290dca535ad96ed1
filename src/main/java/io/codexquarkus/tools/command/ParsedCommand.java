package io.codexquarkus.tools.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Optional;

/**
 * A display-only summary of one command of a shell call ({@code parsed_cmd} of {@code exec_command_begin} and approval
 * requests), tag {@code type}: {@code read}, {@code list_files}, {@code search} or {@code unknown}. Optional fields are
 * written as {@code null} when absent, as upstream does. The tag is an ordinary property of each record, so it is
 * written even where the declared type is lost (a plain {@code List<ParsedCommand>}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ParsedCommand.Read.class, name = "read"),
    @JsonSubTypes.Type(value = ParsedCommand.ListFiles.class, name = "list_files"),
    @JsonSubTypes.Type(value = ParsedCommand.Search.class, name = "search"),
    @JsonSubTypes.Type(value = ParsedCommand.Unknown.class, name = "unknown")
})
@JsonPropertyOrder({"type"})
public sealed interface ParsedCommand {
    /** The tag. */
    @JsonProperty("type")
    String type();

    /** The command, shell-quoted. */
    String cmd();

    /** Prints (part of) one file: {@code name} is its file name, {@code path} as written. */
    record Read(
            @JsonProperty("cmd") String cmd,
            @JsonProperty("name") String name,
            @JsonProperty("path") String path) implements ParsedCommand {
        @Override
        public String type() {
            return "read";
        }
    }

    /** Lists a directory. */
    record ListFiles(
            @JsonProperty("cmd") String cmd,

            @JsonProperty("path") @JsonInclude(JsonInclude.Include.ALWAYS)
            Optional<String> path)
            implements ParsedCommand {
        @Override
        public String type() {
            return "list_files";
        }
    }

    /** Searches file names or contents. */
    record Search(
            @JsonProperty("cmd") String cmd,

            @JsonProperty("query") @JsonInclude(JsonInclude.Include.ALWAYS)
            Optional<String> query,

            @JsonProperty("path") @JsonInclude(JsonInclude.Include.ALWAYS)
            Optional<String> path)
            implements ParsedCommand {
        @Override
        public String type() {
            return "search";
        }
    }

    /** Anything else. */
    record Unknown(@JsonProperty("cmd") String cmd) implements ParsedCommand {
        @Override
        public String type() {
            return "unknown";
        }
    }
}
