package dev.cachegate.idempotency;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The fast path over a map; {@link #down} makes it answer as an unreachable Redis does: nothing known, nothing kept. */
final class InMemoryFastPath implements FastPath {

    private final Map<String, Known> known = new HashMap<>();
    boolean down;
    int finds;

    @Override
    public synchronized Optional<Known> find(String principal, String key) {
        finds++;
        return down ? Optional.empty() : Optional.ofNullable(known.get(id(principal, key)));
    }

    @Override
    public synchronized void completed(String principal, String key, String fingerprint, StoredResponse response) {
        if (!down) {
            known.put(id(principal, key), new Known(fingerprint, response));
        }
    }

    synchronized boolean knows(String principal, String key) {
        return known.containsKey(id(principal, key));
    }

    synchronized void forget(String principal, String key) {
        known.remove(id(principal, key));
    }

    private static String id(String principal, String key) {
        return principal + "\n" + key;
    }
}
