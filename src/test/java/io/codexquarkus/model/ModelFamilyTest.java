package io.codexquarkus.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.config.ReasoningEffort;
import io.codexquarkus.config.Verbosity;
import io.codexquarkus.model.ModelFamily.ApplyPatchToolType;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelFamilyTest {
    @Test
    void codexFamily() {
        for (String slug : new String[] {"gpt-5-codex", "gpt-5.1-codex", "gpt-5.1-codex-mini", "codex-exp-1"}) {
            ModelFamily family = ModelFamily.find(slug);
            assertThat(family.family()).isEqualTo(slug);
            assertThat(family.supportsReasoningSummaries()).isTrue();
            assertThat(family.supportsVerbosity()).isFalse();
            assertThat(family.applyPatchToolType()).isEqualTo(ApplyPatchToolType.FREEFORM);
            assertThat(family.needsSpecialApplyPatchInstructions()).isFalse();
            assertThat(family.contextWindow()).contains(272_000L);
            assertThat(family.parallelToolCalls()).isFalse();
        }
    }

    @Test
    void gpt5AndItsPointReleases() {
        ModelFamily gpt5 = ModelFamily.find("gpt-5-2025-08-07");
        assertThat(gpt5.family()).isEqualTo("gpt-5");
        assertThat(gpt5.supportsReasoningSummaries()).isTrue();
        assertThat(gpt5.supportsVerbosity()).isTrue();
        assertThat(gpt5.defaultVerbosity()).isEmpty();
        assertThat(gpt5.needsSpecialApplyPatchInstructions()).isTrue();
        assertThat(gpt5.applyPatchToolType()).isEqualTo(ApplyPatchToolType.NONE);
        assertThat(gpt5.contextWindow()).contains(272_000L);
        assertThat(gpt5.maxOutputTokens()).contains(128_000L);

        ModelFamily gpt51 = ModelFamily.find("gpt-5.1");
        assertThat(gpt51.family()).isEqualTo("gpt-5.1");
        assertThat(gpt51.defaultVerbosity()).contains(Verbosity.LOW);
        assertThat(gpt51.defaultReasoningEffort()).contains(ReasoningEffort.MEDIUM);
        assertThat(gpt51.applyPatchToolType()).isEqualTo(ApplyPatchToolType.FREEFORM);
        assertThat(gpt51.parallelToolCalls()).isTrue();
    }

    @Test
    void reasoningModelsAndOlderOnes() {
        assertThat(ModelFamily.find("o3").contextWindow()).contains(200_000L);
        assertThat(ModelFamily.find("o3-pro").family()).isEqualTo("o3");
        assertThat(ModelFamily.find("o4-mini-2025-04-16").supportsReasoningSummaries())
                .isTrue();

        ModelFamily codexMini = ModelFamily.find("codex-mini-latest");
        assertThat(codexMini.usesLocalShellTool()).isTrue();
        assertThat(codexMini.supportsReasoningSummaries()).isTrue();
        assertThat(codexMini.contextWindow()).contains(200_000L);

        ModelFamily gpt41 = ModelFamily.find("gpt-4.1-2025-04-14");
        assertThat(gpt41.supportsReasoningSummaries()).isFalse();
        assertThat(gpt41.needsSpecialApplyPatchInstructions()).isTrue();
        assertThat(gpt41.contextWindow()).contains(1_047_576L);

        assertThat(ModelFamily.find("gpt-4o").contextWindow()).contains(128_000L);
    }

    @Test
    void gptOssUsesTheFunctionApplyPatch() {
        for (String slug : new String[] {"gpt-oss:20b", "gpt-oss-120b", "openai/gpt-oss-20b"}) {
            ModelFamily family = ModelFamily.find(slug);
            assertThat(family.family()).isEqualTo("gpt-oss");
            assertThat(family.applyPatchToolType()).isEqualTo(ApplyPatchToolType.FUNCTION);
            assertThat(family.contextWindow()).contains(96_000L);
            assertThat(family.supportsReasoningSummaries()).isFalse();
        }
    }

    @Test
    void unknownModelsGetNothingSpecial() {
        ModelFamily family = ModelFamily.find("llama3.1:8b");
        assertThat(family).isEqualTo(ModelFamily.unknown("llama3.1:8b"));
        assertThat(family.contextWindow()).isEqualTo(Optional.empty());
        assertThat(family.supportsReasoningSummaries()).isFalse();
    }

    @Test
    void autoCompactLimitIsNinetyPercentOfAKnownWindowAndUnsetOtherwise() {
        assertThat(ModelFamily.find("gpt-5-codex").autoCompactTokenLimit()).contains(244_800L);
        assertThat(ModelFamily.find("o3").autoCompactTokenLimit()).contains(180_000L);
        assertThat(ModelFamily.find("gpt-oss:20b").autoCompactTokenLimit()).contains(86_400L);
        assertThat(ModelFamily.find("mock-model").autoCompactTokenLimit()).isEmpty();
    }
}
