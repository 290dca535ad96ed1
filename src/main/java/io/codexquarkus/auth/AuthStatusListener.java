package io.codexquarkus.auth;

import io.codexquarkus.config.AuthMethod;
import java.util.Optional;

/** Told after every login and logout which credential is now in use. */
@FunctionalInterface
public interface AuthStatusListener {
    /** Called with the credential now in use; empty when logged out. */
    void authStatusChanged(Optional<AuthMethod> method);
}
