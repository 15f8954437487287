package dev.edgevm.benchmarks.fleet;

import dev.edgevm.embedded.ClusterRequest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the API server stored a change, on this JVM's clock, without asking any client that
 * watches it. The embedded cluster's store numbers every change of every kind from one counter,
 * in the order the changes happen (as etcd's revisions do), and a list answers with the counter
 * as it was when the list was read. Two probes keep listing an empty collection (LimitRanges,
 * which nothing here makes), each noting the instant before the request was sent, the instant the
 * answer came, and the counter it read. A change numbered R was stored after the latest send of a
 * read that did not see R yet, and before the earliest answer of a read that did: the width of
 * that bracket is the clock's resolution. Reads change nothing and send no watch events, so the
 * probes cost the server little; each is a bare HTTP request on a kept-alive socket, so that as
 * little as possible happens on this side between the instants and the server's answer.
 */
final class ServerClock implements AutoCloseable {

    private static final String PROBED = "limitranges";
    private static final int PROBES = 2;
    /** Reads each probe makes before the clock counts as started: its connection is open and warm. */
    private static final int WARM_READS = 20;
    private static final Pattern VERSION = Pattern.compile("\"resourceVersion\":\"(\\d+)\"");

    /** One read: sent, answered (System.nanoTime), and the counter it saw. */
    private record Tick(long sent, long answered, long resourceVersion) {}

    /** The server stored the change no earlier than {@code earliest} and no later than {@code latest} (System.nanoTime). */
    record Bracket(long earliest, long latest) {
        long widthNanos() {
            return latest - earliest;
        }
    }

    private final URI server;
    private final String request;
    private final CountDownLatch warm = new CountDownLatch(PROBES);
    private final List<Tick> ticks = new ArrayList<>();
    private final List<Thread> probes = new ArrayList<>();
    private volatile boolean stopping;
    private volatile RuntimeException failure;
    /** After {@link #close()}: the ticks by counter, with the latest send up to each and the earliest answer from each on. */
    private List<Tick> byVersion;
    private long[] latestSentUpTo;
    private long[] earliestAnswerFrom;

    /** Starts the probes, each on a connection of its own to the API server at {@code masterUrl}; they read until {@link #close()}. */
    ServerClock(String masterUrl, String namespace) throws InterruptedException {
        this.server = URI.create(masterUrl);
        this.request = String.format(Locale.ROOT, "GET /api/v1/namespaces/%s/%s HTTP/1.1\r\nHost: %s:%d\r\nAccept: application/json\r\n\r\n",
                namespace, PROBED, server.getHost(), server.getPort());
        for (int i = 0; i < PROBES; i++) {
            Thread probe = new Thread(this::readUntilClosed, "server-clock-" + i);
            probe.setDaemon(true);
            probe.start();
            probes.add(probe);
        }
        warm.await();
        checkProbes();
    }

    /** Whether the request is one of the probes'. */
    static boolean isOwnRequest(ClusterRequest r) {
        return PROBED.equals(r.resource());
    }

    private void readUntilClosed() {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            byte[] get = request.getBytes(StandardCharsets.US_ASCII);
            for (int n = 1; !stopping; n++) {
                long sent = System.nanoTime();
                out.write(get);
                out.flush();
                String body = readResponse(in);
                long answered = System.nanoTime();
                Matcher version = VERSION.matcher(body);
                if (!version.find()) {
                    throw new IllegalStateException("the list answered without a resourceVersion: " + body);
                }
                synchronized (ticks) {
                    ticks.add(new Tick(sent, answered, Long.parseLong(version.group(1))));
                }
                if (n == WARM_READS) {
                    warm.countDown();
                }
                Thread.sleep(1); // some hundred reads a second per probe: resolution enough, and little load
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            failure = new UncheckedIOException(e);
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            warm.countDown(); // a probe that failed must not hold the start up; checkProbes() reports it
        }
    }

    /** The body of one HTTP/1.1 answer with a Content-Length, as the embedded API server sends lists. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || head.lastIndexOf("\r\n\r\n") != head.length() - 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the API server closed the connection");
            }
            head.append((char) b);
        }
        int length = -1;
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        if (!head.toString().startsWith("HTTP/1.1 200") || length < 0) {
            throw new IOException("unexpected answer to the clock's list: " + head.toString().lines().findFirst().orElse(""));
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private void checkProbes() {
        if (failure != null) {
            throw new IllegalStateException("the server clock's probe failed: " + failure, failure);
        }
    }

    /** Waits until a probe has read the counter at {@code resourceVersion} or later, so that every change up to it is bracketed. */
    void awaitRead(long resourceVersion) throws InterruptedException {
        for (int i = 0; i < 60_000; i++) {
            checkProbes();
            synchronized (ticks) {
                if (ticks.stream().anyMatch(t -> t.resourceVersion() >= resourceVersion)) {
                    return;
                }
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("the server clock never read resourceVersion " + resourceVersion);
    }

    /** When the change numbered {@code resourceVersion} was stored; after {@link #close()}; empty if no probe read before or after it. */
    Optional<Bracket> stored(long resourceVersion) {
        int after = firstAtOrAbove(resourceVersion);
        if (after == 0 || after == byVersion.size()) {
            return Optional.empty();
        }
        return Optional.of(new Bracket(latestSentUpTo[after - 1], earliestAnswerFrom[after]));
    }

    /** Index of the first tick (by counter) that saw {@code resourceVersion}. */
    private int firstAtOrAbove(long resourceVersion) {
        int low = 0;
        int high = byVersion.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (byVersion.get(mid).resourceVersion() < resourceVersion) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        for (Thread probe : probes) {
            probe.join();
        }
        byVersion = new ArrayList<>(ticks);
        checkProbes();
        byVersion.sort(Comparator.comparingLong(Tick::resourceVersion));
        int n = byVersion.size();
        latestSentUpTo = new long[n];
        earliestAnswerFrom = new long[n];
        for (int i = 0; i < n; i++) {
            latestSentUpTo[i] = Math.max(byVersion.get(i).sent(), i == 0 ? Long.MIN_VALUE : latestSentUpTo[i - 1]);
        }
        for (int i = n - 1; i >= 0; i--) {
            earliestAnswerFrom[i] = Math.min(byVersion.get(i).answered(), i == n - 1 ? Long.MAX_VALUE : earliestAnswerFrom[i + 1]);
        }
    }
}
