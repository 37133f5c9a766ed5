package io.pipewright.loop.cost;

import io.pipewright.loop.metrics.PrometheusText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Reads a running server's {@code /metrics} as text: the process's CPU time, the memory it holds and the predictions it has
 * made. Any server exposing the standard Prometheus process metrics can be read; Pipewright's exposes Micrometer's
 * ({@code process_cpu_time_ns_total}, {@code jvm_memory_committed_bytes}) and counts predictions in {@code pipewright_predictions_total}
 * (by class) or {@code pipewright_prediction_value_count} (regression).
 */
public final class ServerMetrics {

    /**
     * One scrape: when it was taken ({@link System#nanoTime()}), the process's CPU seconds so far, the memory it holds now (bytes),
     * and the predictions made so far (null when the server does not count them).
     */
    public record Reading(long nanos, double cpuSeconds, double memoryBytes, Double predictions, String memorySource) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;

    public ServerMetrics(URI endpoint) {
        this.endpoint = endpoint;
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * The {@code /metrics} address of a server given as {@code http://host:port} or as the full address; anything but an
     * absolute http(s) address is one line naming it.
     */
    public static URI endpoint(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("--metrics: " + url + ": must be an http:// address such as http://127.0.0.1:8080/metrics");
        }
        String path = uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/") ? "/metrics" : uri.getPath();
        return uri.resolve(path);
    }

    /** Scrapes the server once; no answer, an error status or a page that is not metrics is one line naming the address. */
    public Reading read() throws InterruptedException {
        long started = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(endpoint).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new IllegalArgumentException(endpoint + ": no answer (connecting timed out)");
        } catch (HttpTimeoutException e) {
            throw new IllegalArgumentException(endpoint + ": no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new IllegalArgumentException(endpoint + ": no answer (connection refused: is the server running?)");
        } catch (IOException e) {
            throw new IllegalArgumentException(endpoint + ": no answer (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
        long nanos = started + (System.nanoTime() - started) / 2;
        if (response.statusCode() != 200) {
            throw new IllegalArgumentException(endpoint + ": answered HTTP " + response.statusCode() + ", not metrics");
        }
        // the parser's message names the endpoint and the line
        PrometheusText text = PrometheusText.parse(response.body(), endpoint.toString());
        return reading(text, nanos, endpoint.toString());
    }

    /** The figures of one exposition; {@code where} names it in the message when the process metrics are missing. */
    static Reading reading(PrometheusText text, long nanos, String where) {
        Double cpu = text.total("process_cpu_seconds_total");
        if (cpu == null) {
            Double nanosTotal = text.total("process_cpu_time_ns_total");
            cpu = nanosTotal == null ? null : nanosTotal / 1e9;
        }
        if (cpu == null) {
            throw new IllegalArgumentException(where + ": has no process CPU time (process_cpu_seconds_total or process_cpu_time_ns_total)");
        }
        Double resident = text.total("process_resident_memory_bytes");
        Double committed = text.total("jvm_memory_committed_bytes");
        Double buffers = text.total("jvm_buffer_memory_used_bytes");
        double memory;
        String memorySource;
        if (resident != null) {
            memory = resident;
            memorySource = "process_resident_memory_bytes";
        } else if (committed != null) {
            memory = committed + (buffers == null ? 0 : buffers);
            memorySource = "jvm_memory_committed_bytes + jvm_buffer_memory_used_bytes";
        } else {
            throw new IllegalArgumentException(where + ": has no memory figure (process_resident_memory_bytes or jvm_memory_committed_bytes)");
        }
        Double predictions = text.has("pipewright_predictions_total") ? text.total("pipewright_predictions_total")
                : text.total("pipewright_prediction_value_count");
        return new Reading(nanos, cpu, memory, predictions, memorySource);
    }
}
