package io.codexquarkus.auth;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;

/** {@code cancelLoginChatGpt} named no active login: {@code login id not found: <id>} (MCP: -32600). */
public final class LoginNotFoundException extends CodexException {
    private static final long serialVersionUID = 1L;

    public LoginNotFoundException(String loginId) {
        super(ExitCode.USAGE, "login id not found: " + loginId);
    }
}
