package dev.cachegate.catalogdata;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The word lists products are made of, read once from {@code vocabulary.txt} beside this class: one {@code [list]}
 * header per constant, then one entry a line, in order. The order is part of the catalog, since a product picks its
 * words by index.
 */
enum Vocabulary {
    ADJECTIVES, MATERIALS, NOUNS, USES, BENEFITS, CLOSERS;

    private final List<String> words = File.LISTS.getOrDefault(name().toLowerCase(Locale.ROOT), List.of());

    /** @return the list's entries, in order; never empty */
    List<String> words() {
        if (words.isEmpty()) {
            throw new IllegalStateException("vocabulary.txt has no entries under [" + name().toLowerCase(Locale.ROOT)
                    + "]");
        }
        return words;
    }

    private static final class File {
        static final Map<String, List<String>> LISTS = read();

        private static Map<String, List<String>> read() {
            Map<String, List<String>> lists = new HashMap<>();
            List<String> current = null;
            try (InputStream in = Vocabulary.class.getResourceAsStream("vocabulary.txt")) {
                if (in == null) {
                    throw new IllegalStateException("vocabulary.txt is missing beside " + Vocabulary.class.getName());
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    if (line.startsWith("[") && line.endsWith("]")) {
                        String list = line.substring(1, line.length() - 1);
                        current = lists.computeIfAbsent(list, name -> new ArrayList<>());
                    } else if (current != null) {
                        current.add(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            lists.replaceAll((list, entries) -> List.copyOf(entries));
            return lists;
        }
    }
}
