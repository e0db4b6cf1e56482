package dev.cachegate.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An open-model HTTP/1.1 load generator: requests are due at a fixed arrival rate whether or not earlier ones have
 * answered, and each latency is measured from the moment the request was <em>due</em>, not from when a connection was
 * free to send it. A server that stalls therefore shows its stall in every request that arrived meanwhile, which
 * closed-loop tools such as {@code wrk} hide (coordinated omission; Tene, "How NOT to Measure Latency", 2015; the same
 * correction as wrk2 and Gatling's open injection).
 *
 * <p>Design: one scheduler thread computes due times {@code start + i / rate}; a due request goes to an idle keep-alive
 * connection, or waits in a queue that connections drain as they answer. Responses are counted by status, by the
 * CDN's {@code X-Cache-Status}, and by the group of their path together with the CDN's status and the instance's
 * {@code X-Cache} (see {@link Result#answers()}). Requests still unanswered {@code timeout} after the run are counted as
 * timeouts.
 * It only ever connects to the one loopback address it is given.
 */
final class OpenLoad {

    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(120);

    private OpenLoad() {
    }

    /**
     * @param target      base URL, {@code http://127.0.0.1:port}
     * @param rate        requests per second
     * @param duration    how long requests are issued
     * @param connections keep-alive connections
     * @param paths       the path of each request, called from one thread
     * @param timeout     how long unanswered requests are awaited after the run
     * @param group       the group a path's answers are counted in ({@link Result#answers()}), called from one thread
     */
    record Spec(URI target, double rate, Duration duration, int connections, Supplier<String> paths,
                Duration timeout, Function<String, String> group) {
        Spec {
            if (!"127.0.0.1".equals(target.getHost()) && !"localhost".equals(target.getHost())) {
                throw new IllegalArgumentException("load goes only to loopback, not " + target);
            }
            if (rate <= 0 || connections < 1) {
                throw new IllegalArgumentException("rate and connections must be positive: " + rate + ", "
                        + connections);
            }
        }

        /** A spec whose answers all count in one group, {@code all}. */
        Spec(URI target, double rate, Duration duration, int connections, Supplier<String> paths, Duration timeout) {
            this(target, rate, duration, connections, paths, timeout, path -> "all");
        }
    }

    /**
     * @param issued      requests that fell due
     * @param statuses    answers by HTTP status
     * @param cdnStatuses answers by {@code X-Cache-Status} (absent: {@code -})
     * @param answers     answers by {@code group:X-Cache-Status:X-Cache} ({@code -} for an absent header), e.g.
     *                    {@code hot:MISS:L2}: a path of group {@code hot} the CDN forwarded and an instance's L2
     *                    answered (a CDN hit or revalidation carries the stored response's {@code X-Cache})
     * @param failures    connection errors and timeouts
     * @param latency     nanoseconds from due time to answer, of every answer
     * @param seconds     the measured duration
     */
    record Result(long issued, Map<Integer, Long> statuses, Map<String, Long> cdnStatuses, Map<String, Long> answers,
                  long failures, Histogram latency, double seconds) {

        long answered() {
            return statuses.values().stream().mapToLong(Long::longValue).sum();
        }

        long ok() {
            return statuses.getOrDefault(200, 0L) + statuses.getOrDefault(304, 0L);
        }

        long errors() {
            return issued - ok();
        }

        double errorShare() {
            return issued == 0 ? 0 : (double) errors() / issued;
        }

        double millis(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1e6;
        }
    }

    static Result run(Spec spec) throws InterruptedException {
        Run run = new Run(spec);
        try {
            return run.execute();
        } finally {
            run.close();
        }
    }

    private static final class Run {

        private final Spec spec;
        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<Due> waiting = new ConcurrentLinkedQueue<>();
        private final Histogram latency = new SynchronizedHistogram(HIGHEST_TRACKABLE_NANOS, 3);
        private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        private final Map<String, LongAdder> cdnStatuses = new ConcurrentHashMap<>();
        private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
        private final LongAdder failures = new LongAdder();
        private final AtomicLong outstanding = new AtomicLong();
        private volatile boolean running = true;
        private Bootstrap bootstrap;
        private final String host;

        Run(Spec spec) {
            this.spec = spec;
            this.host = spec.target().getHost() + ":" + spec.target().getPort();
        }

        Result execute() throws InterruptedException {
            bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                                    new Connection(channel));
                        }
                    });
            for (int i = 0; i < spec.connections(); i++) {
                bootstrap.connect(spec.target().getHost(), spec.target().getPort()).sync();
            }
            long intervalNanos = (long) (1e9 / spec.rate());
            long total = (long) (spec.rate() * spec.duration().toNanos() / 1e9);
            long start = System.nanoTime();
            for (long i = 0; i < total; i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 20_000) {
                    LockSupport.parkNanos(wait - 10_000);
                }
                String path = spec.paths().get();
                dispatch(new Due(due, path, spec.group().apply(path)));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long deadline = System.nanoTime() + spec.timeout().toNanos();
            while (outstanding.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            running = false;
            failures.add(outstanding.get());
            return new Result(total, sorted(statuses), sorted(cdnStatuses), sorted(answers), failures.sum(),
                    latency.copy(), seconds);
        }

        private void dispatch(Due due) {
            outstanding.incrementAndGet();
            Connection connection = idle.poll();
            if (connection != null) {
                connection.send(due);
                return;
            }
            waiting.offer(due);
            connection = idle.poll();
            if (connection != null) {
                Due next = waiting.poll();
                if (next != null) {
                    connection.send(next);
                } else {
                    idle.offer(connection);
                }
            }
        }

        private void connect() {
            bootstrap.connect(spec.target().getHost(), spec.target().getPort()).addListener(future -> {
                if (!future.isSuccess() && running) {
                    group.schedule(this::connect, 100, TimeUnit.MILLISECONDS);
                }
            });
        }

        void close() {
            running = false;
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }

        private static <K extends Comparable<K>> Map<K, Long> sorted(Map<K, LongAdder> counts) {
            Map<K, Long> result = new TreeMap<>();
            counts.forEach((key, count) -> result.put(key, count.sum()));
            return result;
        }

        private record Due(long dueNanos, String path, String group) {
        }

        private final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {

            private final Channel channel;
            private volatile long dueNanos;
            private volatile String group;
            private volatile boolean inFlight;
            private volatile boolean usable = true;

            Connection(Channel channel) {
                this.channel = channel;
            }

            void send(Due due) {
                if (!usable) {
                    failures.increment();
                    outstanding.decrementAndGet();
                    return;
                }
                dueNanos = due.dueNanos();
                group = due.group();
                inFlight = true;
                FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, due.path());
                request.headers().set(HttpHeaderNames.HOST, host).set(HttpHeaderNames.ACCEPT, "application/json");
                channel.writeAndFlush(request);
            }

            @Override
            public void channelActive(ChannelHandlerContext context) {
                next();
            }

            @Override
            protected void channelRead0(ChannelHandlerContext context, FullHttpResponse response) {
                latency.recordValue(Math.min(HIGHEST_TRACKABLE_NANOS, System.nanoTime() - dueNanos));
                statuses.computeIfAbsent(response.status().code(), code -> new LongAdder()).increment();
                String cdn = header(response, "X-Cache-Status");
                cdnStatuses.computeIfAbsent(cdn, key -> new LongAdder()).increment();
                answers.computeIfAbsent(group + ":" + cdn + ":" + header(response, "X-Cache"), key -> new LongAdder())
                        .increment();
                inFlight = false;
                outstanding.decrementAndGet();
                if (HttpUtil.isKeepAlive(response)) {
                    next();
                } else {
                    usable = false;
                }
            }

            private static String header(FullHttpResponse response, String name) {
                String value = response.headers().get(name);
                return value == null || value.isEmpty() ? "-" : value;
            }

            private void next() {
                Due due = waiting.poll();
                if (due != null) {
                    send(due);
                } else {
                    idle.offer(this);
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext context) {
                usable = false;
                if (inFlight) {
                    inFlight = false;
                    failures.increment();
                    outstanding.decrementAndGet();
                }
                if (running) {
                    connect();
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
                context.close();
            }
        }
    }
}
