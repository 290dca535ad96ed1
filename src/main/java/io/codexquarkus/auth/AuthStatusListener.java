package io.codexquarkus.auth;

import io.codexquarkus.auth.protocol.AuthStatusChangeNotification;

/** Told after every login and logout which credential is now in use. */
@FunctionalInterface
public interface AuthStatusListener {
    void authStatusChanged(AuthStatusChangeNotification change);
}
