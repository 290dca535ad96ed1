package io.codexquarkus.model;

import io.codexquarkus.config.ReasoningEffort;
import io.codexquarkus.config.Verbosity;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the agent and the client need to know about a model, looked up by slug prefix as Codex does ({@code gpt-5-codex}
 * and {@code gpt-5.1-codex*}, {@code gpt-5.x}, {@code gpt-5}, {@code o3}, {@code o4-mini}, {@code codex-mini-latest},
 * {@code gpt-4.1}, {@code gpt-4o}, {@code gpt-3.5}, {@code gpt-oss}). Unknown slugs get {@link #unknown(String)}: no
 * reasoning, no verbosity, no known context window.
 *
 * @param family the family name ({@code gpt-5}, {@code o3}…; the slug itself for the codex family)
 * @param supportsReasoningSummaries the request may carry {@code reasoning} (and then includes encrypted reasoning)
 * @param supportsVerbosity the request may carry {@code text.verbosity}
 * @param contextWindow tokens of context ({@code model_context_window} default)
 * @param maxOutputTokens {@code model_max_output_tokens} default
 * @param needsSpecialApplyPatchInstructions append the apply_patch instructions when no apply_patch tool is offered
 * @param parallelToolCalls the Responses request's {@code parallel_tool_calls}
 */
public record ModelFamily(
        String slug,
        String family,
        boolean supportsReasoningSummaries,
        boolean supportsVerbosity,
        Optional<Verbosity> defaultVerbosity,
        Optional<ReasoningEffort> defaultReasoningEffort,
        Optional<Long> contextWindow,
        Optional<Long> maxOutputTokens,
        ApplyPatchToolType applyPatchToolType,
        boolean usesLocalShellTool,
        boolean needsSpecialApplyPatchInstructions,
        boolean parallelToolCalls) {

    /** How the model prefers to receive {@code apply_patch} (the tool's shape is chosen per model family, as upstream does). */
    public enum ApplyPatchToolType {
        /** A custom tool with a Lark grammar: the model writes the raw patch. */
        FREEFORM,
        /** A function tool taking {@code {"input": "<patch>"}}. */
        FUNCTION,
        /** No apply_patch tool: the model calls it through the shell. */
        NONE
    }

    private static final long WINDOW_272K = 272_000;
    private static final Pattern CODEX_FAMILY = Pattern.compile("^(gpt-5(\\.\\d+)?-codex|codex-).*");
    private static final Pattern GPT_5_POINT = Pattern.compile("^gpt-5\\.\\d+.*");

    /** The family of {@code slug}; never null. */
    public static ModelFamily find(String slug) {
        if (slug.startsWith("o3")) {
            return reasoning(slug, "o3", 200_000, 100_000, true);
        }
        if (slug.startsWith("o4-mini")) {
            return reasoning(slug, "o4-mini", 200_000, 100_000, true);
        }
        if (slug.startsWith("codex-mini-latest")) {
            return new ModelFamily(
                    slug,
                    "codex-mini-latest",
                    true,
                    false,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(200_000L),
                    Optional.of(100_000L),
                    ApplyPatchToolType.NONE,
                    true,
                    true,
                    false);
        }
        if (slug.startsWith("gpt-4.1")) {
            return plain(slug, "gpt-4.1", 1_047_576, 32_768);
        }
        if (slug.startsWith("gpt-oss") || slug.startsWith("openai/gpt-oss")) {
            return new ModelFamily(
                    slug,
                    "gpt-oss",
                    false,
                    false,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(96_000L),
                    Optional.of(32_000L),
                    ApplyPatchToolType.FUNCTION,
                    false,
                    false,
                    false);
        }
        if (slug.startsWith("gpt-4o")) {
            return plain(slug, "gpt-4o", 128_000, 16_384);
        }
        if (slug.startsWith("gpt-3.5")) {
            return plain(slug, "gpt-3.5", 16_385, 4_096);
        }
        if (CODEX_FAMILY.matcher(slug).matches()) {
            return new ModelFamily(
                    slug,
                    slug,
                    true,
                    false,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(WINDOW_272K),
                    Optional.of(128_000L),
                    ApplyPatchToolType.FREEFORM,
                    false,
                    false,
                    false);
        }
        if (GPT_5_POINT.matcher(slug).matches()) {
            return new ModelFamily(
                    slug,
                    slug.substring(0, slug.indexOf('.') + 2),
                    true,
                    true,
                    Optional.of(Verbosity.LOW),
                    Optional.of(ReasoningEffort.MEDIUM),
                    Optional.of(WINDOW_272K),
                    Optional.of(128_000L),
                    ApplyPatchToolType.FREEFORM,
                    false,
                    false,
                    true);
        }
        if (slug.startsWith("gpt-5")) {
            return new ModelFamily(
                    slug,
                    "gpt-5",
                    true,
                    true,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(WINDOW_272K),
                    Optional.of(128_000L),
                    ApplyPatchToolType.NONE,
                    false,
                    true,
                    false);
        }
        return unknown(slug);
    }

    /**
     * The {@code model_auto_compact_token_limit} default: 90 % of the context window, so the summarisation request
     * still fits; empty when the window is unknown (unknown models never compact on their own).
     */
    public Optional<Long> autoCompactTokenLimit() {
        return contextWindow.map(window -> window * 9 / 10);
    }

    /** The defaults for a slug no rule matches. */
    public static ModelFamily unknown(String slug) {
        return new ModelFamily(
                slug,
                slug,
                false,
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                ApplyPatchToolType.NONE,
                false,
                false,
                false);
    }

    private static ModelFamily reasoning(
            String slug, String family, long window, long maxOutput, boolean specialApplyPatch) {
        return new ModelFamily(
                slug,
                family,
                true,
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.of(window),
                Optional.of(maxOutput),
                ApplyPatchToolType.NONE,
                false,
                specialApplyPatch,
                false);
    }

    private static ModelFamily plain(String slug, String family, long window, long maxOutput) {
        return new ModelFamily(
                slug,
                family,
                false,
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.of(window),
                Optional.of(maxOutput),
                ApplyPatchToolType.NONE,
                false,
                true,
                false);
    }
}
