package io.pipewright.serve.stream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * What a stream checks before it joins its group, so that a mistake is one clear line rather than a consumer
 * waiting forever: that a broker answers on {@code --bootstrap} within a bounded wait, and that the input,
 * output and dead-letter topics exist (a scorer creates none: a typo would otherwise make a new topic, or
 * read an empty one for ever).
 */
public final class BrokerCheck {
    private BrokerCheck() {
    }

    /** The {@code HOST:PORT} addresses of a bootstrap list; refuses anything else naming it. */
    public static List<InetSocketAddress> addresses(String bootstrap) {
        var addresses = new ArrayList<InetSocketAddress>();
        for (String entry : bootstrap.split(",")) {
            String address = entry.strip();
            int colon = address.lastIndexOf(':');
            String host = colon > 0 ? address.substring(0, colon) : "";
            String port = colon > 0 ? address.substring(colon + 1) : "";
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty() || !port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
                throw new IllegalArgumentException("--bootstrap: '" + address + "' is not HOST:PORT (several are separated by commas)");
            }
            addresses.add(InetSocketAddress.createUnresolved(host, Integer.parseInt(port)));
        }
        return addresses;
    }

    /**
     * Waits up to {@code wait} for a broker of the bootstrap list to accept a connection, then checks the topics.
     *
     * @throws StreamException no broker answered (not bad input), or a topic is missing (bad input)
     */
    public static void check(StreamOptions options, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<InetSocketAddress> addresses = addresses(options.bootstrap());
        String refusal = reachable(addresses, deadline);
        if (refusal != null) {
            throw new StreamException("--bootstrap " + options.bootstrap() + ": no Kafka broker answered within " + seconds(wait) + " (" + refusal + ")",
                    false);
        }
        var config = new LinkedHashMap<String, Object>(options.client());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
        long left = Math.max(2_000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, left));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, left));
        var topics = new LinkedHashMap<String, String>();
        topics.put(options.input(), "--in");
        topics.putIfAbsent(options.output(), "--out");
        if (options.dlq() != null) {
            topics.putIfAbsent(options.dlq(), "--dlq");
        }
        var missing = new ArrayList<String>();
        try (Admin admin = Admin.create(config)) {
            var described = admin.describeTopics(topics.keySet()).topicNameValues();
            for (Map.Entry<String, String> topic : topics.entrySet()) {
                try {
                    described.get(topic.getKey()).get(left, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        missing.add(topic.getValue() + " " + topic.getKey());
                    } else {
                        throw new StreamException("--bootstrap " + options.bootstrap() + ": cannot read topic " + topic.getKey() + ": "
                                + e.getCause().getMessage(), false);
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new StreamException("--bootstrap " + options.bootstrap() + ": the broker accepted a connection but did not answer within "
                            + seconds(Duration.ofMillis(left)), false);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamException("interrupted while checking the topics", false);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new StreamException("--bootstrap " + options.bootstrap() + ": " + e.getMessage(), false);
        }
        if (!missing.isEmpty()) {
            throw new StreamException("no such topic on " + options.bootstrap() + ": " + String.join(", ", missing)
                    + " (a stream creates no topic; create " + (missing.size() > 1 ? "them" : "it") + " first)", true);
        }
    }

    /** Null once an address accepts a connection; else the last refusal, after the deadline. */
    private static String reachable(List<InetSocketAddress> addresses, long deadline) {
        String refusal = "no address";
        do {
            for (InetSocketAddress address : addresses) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                try (var socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), (int) Math.max(200, Math.min(2_000, left)));
                    return null;
                } catch (IOException e) {
                    refusal = address.getHostString() + ":" + address.getPort() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                            : e.getMessage().toLowerCase(java.util.Locale.ROOT));
                }
            }
            try {
                Thread.sleep(Math.max(0, Math.min(250, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return refusal;
            }
        } while (System.nanoTime() < deadline);
        return refusal;
    }

    private static String seconds(Duration wait) {
        return wait.toMillis() % 1000 == 0 ? wait.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", wait.toMillis() / 1000.0);
    }
}
