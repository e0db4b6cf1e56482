package dev.cachegate.testinfra;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signals to the processes of one embedded PostgreSQL server, for outage tests on servers of their own: SIGSTOP
 * black-holes it (its port accepts, open connections stay open, nothing answers), SIGCONT lets it go on.
 */
public final class PostgresProcesses {

    private PostgresProcesses() {
    }

    /**
     * @param dataDirectory the server's data directory
     * @return its postmaster (and any wrapper running it) with every process they started, its backends included
     */
    public static List<Long> of(Path dataDirectory) {
        List<ProcessHandle> servers = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("/bin/postgres")
                        && c.contains("-D " + dataDirectory + " ")).orElse(false))
                .toList();
        assertThat(servers).as("the postmaster of %s", dataDirectory).isNotEmpty();
        Set<Long> pids = new LinkedHashSet<>();
        for (ProcessHandle server : servers) {
            pids.add(server.pid());
            server.descendants().forEach(p -> pids.add(p.pid()));
        }
        return List.copyOf(pids);
    }

    /**
     * @param signal e.g. {@code -STOP} or {@code -CONT}
     * @param pids   the processes
     * @throws IOException          when {@code kill} cannot be run
     * @throws InterruptedException when interrupted
     */
    public static void signal(String signal, List<Long> pids) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
