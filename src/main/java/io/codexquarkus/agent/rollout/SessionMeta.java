package io.codexquarkus.agent.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The first line of every rollout file. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionMeta(
        @JsonProperty("id") String id,
        @JsonProperty("timestamp") String timestamp,
        @JsonProperty("cwd") String cwd,
        @JsonProperty("originator") String originator,
        @JsonProperty("cli_version") String cliVersion,

        @JsonProperty("instructions") @JsonInclude(JsonInclude.Include.ALWAYS)
        String instructions,

        @JsonProperty("git") GitInfo git) {
    /** What {@code git} said about the working directory at session start; unknown parts omitted. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GitInfo(
            @JsonProperty("commit_hash") String commitHash,
            @JsonProperty("branch") String branch,
            @JsonProperty("repository_url") String repositoryUrl) {}
}
