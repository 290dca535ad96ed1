package io.codexquarkus.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexquarkus.common.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The helper's hand-written codec must agree with the shared Jackson mapper, byte for byte. */
class SandboxPolicyJsonTest {
    private static final List<SandboxPolicy> POLICIES = List.of(
            new SandboxPolicy.ReadOnly(),
            new SandboxPolicy.DangerFullAccess(),
            new SandboxPolicy.WorkspaceWrite(List.of(), false, false, false),
            new SandboxPolicy.WorkspaceWrite(List.of("/data", "/srv/x y"), true, true, false),
            new SandboxPolicy.WorkspaceWrite(
                    List.of("/odd \"quoted\" \\ path", "/tab\there", "/ctl\u0001\u001f", "/ünïcödé/路径"),
                    false,
                    false,
                    true));

    @Test
    void writesWhatJacksonWrites() {
        for (SandboxPolicy policy : POLICIES) {
            assertThat(SandboxPolicyJson.write(policy)).isEqualTo(Json.write(policy));
        }
    }

    @Test
    void readsBackWhatEitherWrites() {
        for (SandboxPolicy policy : POLICIES) {
            assertThat(SandboxPolicyJson.parse(Json.write(policy))).isEqualTo(policy);
            assertThat(Json.read(SandboxPolicyJson.write(policy), SandboxPolicy.class))
                    .isEqualTo(policy);
        }
    }

    @Test
    void wireExamplesFromTheSpec() {
        assertThat(SandboxPolicyJson.parse("{\"mode\":\"danger-full-access\"}"))
                .isEqualTo(new SandboxPolicy.DangerFullAccess());
        assertThat(SandboxPolicyJson.parse(" { \"mode\" : \"read-only\" } ")).isEqualTo(new SandboxPolicy.ReadOnly());
        assertThat(SandboxPolicyJson.parse("{\"mode\":\"workspace-write\",\"writable_roots\":[\"/extra\"],"
                        + "\"network_access\":false,\"exclude_tmpdir_env_var\":false,\"exclude_slash_tmp\":false}"))
                .isEqualTo(new SandboxPolicy.WorkspaceWrite(List.of("/extra"), false, false, false));
    }

    @Test
    void absentMembersDefaultAndUnknownOnesAreIgnored() {
        assertThat(SandboxPolicyJson.parse(
                        "{\"network_access\":true,\"mode\":\"workspace-write\",\"future\":{\"a\":[1,2.5e3,null]}}"))
                .isEqualTo(new SandboxPolicy.WorkspaceWrite(List.of(), true, false, false));
        assertThat(SandboxPolicyJson.parse("{\"mode\":\"workspace-write\",\"writable_roots\":[\"/a\\u00e9\\/b\"]}"))
                .isEqualTo(new SandboxPolicy.WorkspaceWrite(List.of("/aé/b"), false, false, false));
    }

    @Test
    void badInputIsOneClearLine() {
        assertThatThrownBy(() -> SandboxPolicyJson.parse("{\"mode\":\"sideways\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown sandbox mode `sideways`, expected one of `danger-full-access`, `read-only`,"
                        + " `workspace-write`");
        assertThatThrownBy(() -> SandboxPolicyJson.parse("{}")).hasMessage("sandbox policy has no \"mode\"");
        assertThatThrownBy(() -> SandboxPolicyJson.parse("[]")).hasMessage("sandbox policy must be a JSON object");
        assertThatThrownBy(() -> SandboxPolicyJson.parse("{\"mode\":\"read-only\""))
                .hasMessageStartingWith("invalid sandbox policy JSON at offset");
        assertThatThrownBy(() -> SandboxPolicyJson.parse("{\"mode\":\"read-only\"} x"))
                .hasMessageContaining("unexpected text after the policy");
        assertThatThrownBy(() -> SandboxPolicyJson.parse("{\"mode\":\"workspace-write\",\"network_access\":\"yes\"}"))
                .hasMessage("\"network_access\" must be a boolean");
        assertThatThrownBy(() -> SandboxPolicyJson.parse("{\"mode\":\"workspace-write\",\"writable_roots\":[1]}"))
                .hasMessage("\"writable_roots\" must be an array of paths");
    }
}
