package io.pipewright.loop.scorecard;

import io.pipewright.loop.metrics.PrometheusText;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * A serving runtime's {@code /metrics}, read once: the scrape and when it was read, or why it could not be read.
 * Its counters and histograms are cumulative since the server started, so what the scorecard takes from them covers
 * the server's whole life so far.
 */
public record ServerMetrics(URI url, PrometheusText scrape, Instant readAt, String failure) {
    /** More than a server of ours writes by far: a larger answer is not its /metrics. */
    static final int MAX_BYTES = 32 * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Whether the scrape was read. */
    public boolean readable() {
        return scrape != null;
    }

    /**
     * Checks a --metrics value: an http(s) URL; one without a path means its {@code /metrics}. Throws IllegalArgumentException
     * with one line otherwise.
     */
    public static URI url(String text) {
        return url("--metrics", text);
    }

    /** {@link #url(String)}, naming the field as {@code field} in the message. */
    public static URI url(String field, String text) {
        String refused = field + " must be an http(s) URL such as http://127.0.0.1:8080/metrics, not '" + text + "'";
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(refused);
        }
        if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(refused);
        }
        if (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/")) {
            uri = uri.resolve("/metrics");
        }
        return uri;
    }

    /** Reads the scrape; a server that cannot be reached, or answers other than 200 with Prometheus text, gives the reason. */
    public static ServerMetrics read(URI url) {
        try {
            return new ServerMetrics(url, PrometheusText.parse(fetch(url), url.toString()), Instant.now(), null);
        } catch (IllegalArgumentException e) {
            return new ServerMetrics(url, null, Instant.now(), e.getMessage());
        }
    }

    /** The scrape, or throws IllegalArgumentException with one line naming the URL and what went wrong. */
    public ServerMetrics orThrow() {
        if (failure != null) {
            throw new IllegalArgumentException(failure);
        }
        return this;
    }

    private static String fetch(URI url) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Accept", "text/plain; version=0.0.4").GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (response.statusCode() != 200) {
                    throw new IllegalArgumentException("cannot read metrics from " + url + ": it answered HTTP " + response.statusCode());
                }
                if (bytes.length > MAX_BYTES) {
                    throw new IllegalArgumentException("cannot read metrics from " + url + ": the answer is larger than " + (MAX_BYTES >> 20)
                            + " MB, not a server's /metrics");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (java.net.ConnectException e) {
            throw new IllegalArgumentException("cannot read metrics from " + url + ": nothing answers there (connection refused)");
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IllegalArgumentException("cannot read metrics from " + url + ": no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read metrics from " + url + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("cannot read metrics from " + url + ": interrupted");
        }
    }
}
