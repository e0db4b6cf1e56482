package dev.cachegate.admin;

import dev.cachegate.cache.KeySnapshot;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of {@code GET /admin/cache/products/{id}}: a {@link KeySnapshot} with its times turned into ages and
 * remaining times, in milliseconds, as of the snapshot.
 */
final class CacheView {

    private CacheView() {
    }

    /**
     * @param snapshot what the cache holds for a key
     * @return its JSON object: strategy, key, then each layer
     */
    static Map<String, Object> of(KeySnapshot snapshot) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("strategy", snapshot.strategy());
        view.put("key", snapshot.key());
        if (snapshot.l1() == null && snapshot.l2() == null) {
            return view;
        }
        view.put("l1", layer(snapshot.l1(), Map.of("present", false), snapshot.takenAt()));
        if (snapshot.l1MinVersion() > 0) {
            view.put("l1MinVersion", snapshot.l1MinVersion());
        }
        view.put("l2", layer(snapshot.l2(), "absent", snapshot.takenAt()));
        return view;
    }

    private static Object layer(KeySnapshot.LayerState state, Object absent, long now) {
        return switch (state) {
            case KeySnapshot.Disabled disabled -> "disabled";
            case KeySnapshot.Absent nothing -> absent;
            case KeySnapshot.Unavailable unavailable -> "unavailable: " + unavailable.reason();
            case KeySnapshot.Fenced fenced -> fenced(fenced);
            case KeySnapshot.Held held -> held(held, now);
        };
    }

    private static Map<String, Object> fenced(KeySnapshot.Fenced fenced) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("tombstone", true);
        view.put("minVersion", fenced.minVersion());
        view.put("remainingTtlMs", fenced.remainingTtlMs());
        return view;
    }

    private static Map<String, Object> held(KeySnapshot.Held held, long now) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("present", true);
        view.put("negative", held.negative());
        view.put("version", held.version());
        view.put("ageMs", now - held.storedAt());
        view.put("remainingTtlMs", Math.max(0, held.expiresAt() - now));
        view.put("loadMs", held.loadMillis());
        view.put("expectedRefreshInMs", Math.max(0, Math.round(held.refreshAt() - now)));
        return view;
    }
}
