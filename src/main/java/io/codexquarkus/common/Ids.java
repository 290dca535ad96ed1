package io.codexquarkus.common;

import java.security.SecureRandom;
import java.util.UUID;

/** Identifiers: conversation/thread ids are UUID version 7 (time-ordered), as current Codex uses. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /** A RFC 9562 version 7 UUID: 48 bits of Unix milliseconds, then random bits. */
    public static UUID uuidV7() {
        long millis = System.currentTimeMillis();
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long msb = (millis & 0xFFFF_FFFF_FFFFL) << 16;
        msb |= 0x7000L; // version 7
        msb |= ((random[0] & 0x0FL) << 8) | (random[1] & 0xFFL);
        long lsb = 0x8000_0000_0000_0000L; // IETF variant
        lsb |= (random[2] & 0x3FL) << 56;
        for (int i = 3; i < 10; i++) {
            lsb |= (random[i] & 0xFFL) << (8 * (9 - i));
        }
        return new UUID(msb, lsb);
    }

    public static String newThreadId() {
        return uuidV7().toString();
    }
}
