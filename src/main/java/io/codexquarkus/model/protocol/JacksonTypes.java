package io.codexquarkus.model.protocol;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The types of this package that Jackson binds, registered for reflection so a native build can (de)serialize them.
 * Nested classes are listed one by one ({@code ignoreNested}), so nothing internal rides along; {@code
 * NativeReflectionTest} derives the bound types from the byte code and fails when this list is short or long.
 */
@RegisterForReflection(
        ignoreNested = true,
        targets = {
            ContentItem.class,
            ContentItem.InputImage.class,
            ContentItem.InputText.class,
            ContentItem.OutputText.class,
            ResponseItem.class,
            ResponseItem.CustomToolCall.class,
            ResponseItem.CustomToolCallOutput.class,
            ResponseItem.FunctionCall.class,
            ResponseItem.FunctionCallOutput.class,
            ResponseItem.LocalShellAction.class,
            ResponseItem.LocalShellCall.class,
            ResponseItem.Message.class,
            ResponseItem.Other.class,
            ResponseItem.Reasoning.class,
            ResponseItem.ReasoningContent.class,
            ResponseItem.SummaryText.class,
            ResponseItem.WebSearchCall.class,
            TokenUsage.class
        })
final class JacksonTypes {
    private JacksonTypes() {}
}
