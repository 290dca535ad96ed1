package io.codexquarkus.config;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The types of this package that Jackson binds, registered for reflection so a native build can (de)serialize them.
 * Nested classes are listed one by one ({@code ignoreNested}), so nothing internal rides along; {@code
 * NativeReflectionTest} derives the bound types from the byte code and fails when this list is short or long.
 */
@RegisterForReflection(
        ignoreNested = true,
        targets = {
            AskForApproval.class,
            AuthMethod.class,
            FileOpener.class,
            HistoryPersistence.class,
            McpTasksMode.class,
            ReasoningEffort.class,
            ReasoningSummary.class,
            SandboxMode.class,
            ShellEnvironmentInherit.class,
            Verbosity.class,
            WireApi.class,
            WireEnum.class
        })
final class JacksonTypes {
    private JacksonTypes() {}
}
