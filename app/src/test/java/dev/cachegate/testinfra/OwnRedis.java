package dev.cachegate.testinfra;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A Redis of a test's own, for tests that stop it: the shared one stays up for everybody else. */
public final class OwnRedis {

    private OwnRedis() {
    }

    /** @return a loopback port nobody listens on right now */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param port where it listens, on 127.0.0.1
     * @return a started Redis that keeps nothing on disk
     */
    public static RedisServer started(int port) {
        RedisServer redis = server(port);
        redis.start();
        return redis;
    }

    /**
     * @param port where it will listen, on 127.0.0.1
     * @return a Redis that keeps nothing on disk, not started yet
     */
    public static RedisServer server(int port) {
        return RedisServer.builder().port(port).bind("127.0.0.1").setting("save \"\"").setting("appendonly no").build();
    }
}
