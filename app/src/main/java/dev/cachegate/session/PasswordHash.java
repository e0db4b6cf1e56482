package dev.cachegate.session;

import org.springframework.security.crypto.bcrypt.BCrypt;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Hashes a password for {@code cachegate.session.users}: reads it from the terminal without echo (or one line of
 * standard input) and prints the bcrypt hash, for an entry {@code username:<hash>}.
 */
public final class PasswordHash {

    /** The bcrypt cost of new hashes: 2^10 rounds, OWASP's floor, tens of milliseconds per login on one core. */
    static final int COST = 10;

    /** How to run it. */
    static final String USAGE = "hash a password with: java -cp cachegate.jar dev.cachegate.session.PasswordHash";

    private PasswordHash() {
    }

    /**
     * @param args none
     * @throws IOException when standard input cannot be read
     */
    public static void main(String[] args) throws IOException {
        Console console = System.console();
        String password = console != null ? new String(console.readPassword("password: "))
                : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (password == null || password.isEmpty()) {
            System.err.println("PasswordHash: no password given");
            System.exit(2);
            return;
        }
        System.out.println(hash(password));
    }

    /**
     * @param password a password
     * @return its bcrypt hash at {@link #COST}
     */
    static String hash(String password) {
        return BCrypt.hashpw(password, BCrypt.gensalt(COST));
    }
}
